import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { OperationContext, TransferStatus } from '../../operations/operation-handler.js';
import type { OperationError } from '../../operations/operation-state.js';

/** Where the context sends what the handler reports. */
export interface ContextSinks {
  progress(fraction: number, transfer?: TransferStatus): void;
  output(text: string): void;
}

/**
 * The context a handler runs in under `icarus esop`: one run in this process, nothing persisted.
 * Checkpoints live in memory (a run never resumes), errors are collected for the exit status.
 */
export class CliOperationContext<R> implements OperationContext<R> {
  readonly id = randomUUID();
  readonly resumed = false;
  readonly errors: OperationError[] = [];
  // Stored as JSON, as the server's job data is, so a handler never shares objects with its checkpoints.
  private readonly checkpoints = new Map<string, string>();

  constructor(
    readonly request: R,
    readonly signal: AbortSignal,
    private readonly sinks: ContextSinks,
  ) {}

  progress(fraction: number, transfer?: TransferStatus): Promise<void> {
    this.sinks.progress(Math.max(0, Math.min(1, fraction)), transfer);
    return Promise.resolve();
  }

  restore<T>(key: string): T | undefined {
    const saved = this.checkpoints.get(key);
    return saved === undefined ? undefined : (JSON.parse(saved) as T);
  }

  checkpoint(key: string, value: unknown): Promise<void> {
    const json = JSON.stringify(value);
    if (json === undefined) this.checkpoints.delete(key);
    else this.checkpoints.set(key, json);
    return Promise.resolve();
  }

  addError(message: string, source: string = hostname()): Promise<void> {
    this.errors.push({ source, message });
    return Promise.resolve();
  }

  /** Nothing shows live fields of a one-shot run; the handler's outcome is what counts. */
  publish(): Promise<void> {
    return Promise.resolve();
  }

  output(text: string): void {
    this.sinks.output(text.endsWith('\n') ? text : `${text}\n`);
  }
}
