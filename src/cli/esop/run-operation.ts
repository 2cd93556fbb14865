import { hostname } from 'node:os';
import { errorMessage, ValidationError } from '../../common/errors.js';
import type { OperationRegistry } from '../../operations/operation-registry.js';
import type { OperationError } from '../../operations/operation-state.js';
import { parseOperationRequest } from '../../operations/request-parser.js';
import { CliOperationContext } from './cli-operation-context.js';
import type { Terminal } from './terminal.js';

/** How one run ended; `invalid` is bad input (exit 2), the others but `completed` exit 1. */
export type RunOutcome = 'completed' | 'failed' | 'cancelled' | 'invalid' | 'unavailable';

export const EXIT_CODE: Record<RunOutcome, number> = { completed: 0, failed: 1, cancelled: 1, unavailable: 1, invalid: 2 };

export interface RunRequest {
  /** `icarus esop backup`: starts every message. */
  command: string;
  /** Shown in the progress line. */
  label: string;
  /** The JSON body a REST client would POST. */
  body: Record<string, unknown>;
  /** The command-line flag of a request field, to name it in messages. */
  flagFor?(field: string): string | undefined;
}

/**
 * Runs one request through the server's engine code, in this process and without Redis: the
 * request parser of POST /operations, the type's precheck (no other operation is active here), then
 * its handler with an in-memory context. Failures are reported on stderr, never with a stack trace.
 */
export async function runOperation(
  registry: OperationRegistry,
  run: RunRequest,
  terminal: Terminal,
  signal: AbortSignal,
): Promise<RunOutcome> {
  const type = String(run.body.type);
  const registered = registry.get(type);
  if (!registered) {
    terminal.err(`${run.command}: operation type '${type}' is not available in this version\n`);
    return 'unavailable';
  }
  let parsed;
  try {
    parsed = await parseOperationRequest(run.body, registry);
    await registered.handler.precheck?.(parsed.instance, { active: [] });
  } catch (err) {
    if (err instanceof ValidationError) {
      reportInvalid(run, err, terminal);
      return 'invalid';
    }
    terminal.err(`${run.command}: ${errorMessage(err)}\n`);
    return 'failed';
  }
  // The handler gets the request as the server's worker does: the stored JSON, not the class instance.
  const request = JSON.parse(JSON.stringify(parsed.plain)) as unknown;
  const display = terminal.startProgress(run.label);
  const context = new CliOperationContext(request, signal, {
    progress: (fraction, transfer) => display.update(fraction, transfer),
    output: (text) => terminal.out(text),
  });
  let failure: string | undefined;
  try {
    await registered.handler.run(context);
  } catch (err) {
    failure = errorMessage(err);
  }
  const outcome: RunOutcome = signal.aborted ? 'cancelled' : failure !== undefined || context.errors.length > 0 ? 'failed' : 'completed';
  terminal.endProgress(outcome === 'completed' ? 'done' : outcome === 'cancelled' ? 'cancelled' : 'failed');
  if (outcome === 'cancelled') terminal.err(`${run.command}: ${errorMessage(signal.reason ?? 'cancelled')}\n`);
  if (outcome === 'failed') reportFailure(run.command, failure, context.errors, terminal);
  return outcome;
}

function reportInvalid(run: RunRequest, err: ValidationError, terminal: Terminal): void {
  const lines = [`${run.command}: ${err.message}`];
  for (const { field, problem } of err.problems) {
    const flag = run.flagFor?.(field);
    lines.push(`  ${flag ? `${flag} (${field})` : field}: ${problem}`);
  }
  terminal.err(`${lines.join('\n')}\n`);
}

function reportFailure(command: string, failure: string | undefined, errors: OperationError[], terminal: Terminal): void {
  const here = hostname();
  const others = errors.filter((e) => e.message !== failure);
  const lines = [`${command}: ${failure ?? `the operation failed with ${errors.length === 1 ? 'an error' : `${errors.length} errors`}`}`];
  for (const e of others) lines.push(`  - ${e.source && e.source !== here ? `[${e.source}] ` : ''}${e.message}`);
  terminal.err(`${lines.join('\n')}\n`);
}
