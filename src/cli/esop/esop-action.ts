import type { Type } from '@nestjs/common';
import type { OptionValues } from 'commander';
import { errorMessage } from '../../common/errors.js';
import { ConfigError, loadConfig } from '../../config/sidecar-config.js';
import { OPERATION_MODULES } from '../../modules/index.js';
import { OperationRegistry } from '../../operations/operation-registry.js';
import { CliLogger } from './cli-logger.js';
import { parseRate, repeatEvery } from './daemon.js';
import type { EsopCommandSpec } from './esop-command-spec.js';
import { createEsopContext } from './esop-cli.module.js';
import { jmxRefusal } from './jmx-compat.js';
import type { EsopOptionReader } from './esop-options.js';
import { buildRequestBody, FlagError, flagForField } from './request-body.js';
import { EXIT_CODE, runOperation } from './run-operation.js';
import { cancelOnSignals } from './signals.js';
import { type OutputStream, Terminal } from './terminal.js';

/** What a caller may swap: tests pass their own operation modules and streams. */
export interface EsopRuntime {
  /** Default: the shipped OPERATION_MODULES. */
  operationModules?: Type[];
  stdout?: OutputStream;
  stderr?: OutputStream;
}

/**
 * Runs one `icarus esop <command>` invocation and returns its exit code: 0 success, 1 the
 * operation failed (or cannot run in this version), 2 bad flags or configuration.
 */
export async function executeEsop(
  spec: EsopCommandSpec,
  reader: EsopOptionReader,
  values: OptionValues,
  runtime: EsopRuntime = {},
): Promise<number> {
  const command = `icarus esop ${spec.name}`;
  const terminal = new Terminal(runtime.stdout ?? process.stdout, runtime.stderr ?? process.stderr);
  const jmx = reader.jmx(values);
  if (jmx.length > 0) {
    terminal.err(`${command}: ${jmxRefusal(jmx)}\n`);
    return 2;
  }
  let body: Record<string, unknown>;
  let rateMs = 0;
  let config;
  try {
    const given = reader.given(values);
    body = buildRequestBody(spec, given);
    if (spec.rate && given.has(spec.rate)) rateMs = parseRate(String(given.get(spec.rate)));
    config = loadConfig(reader.jolokia(values));
  } catch (err) {
    if (!(err instanceof FlagError || err instanceof ConfigError)) throw err;
    terminal.err(`${command}: ${err.message}\n`);
    return 2;
  }
  const controller = new AbortController();
  const uninstall = cancelOnSignals(controller, (text) => terminal.err(`${command}: ${text}\n`));
  let app;
  try {
    const logger = new CliLogger(command, (text) => terminal.err(text));
    app = await createEsopContext(config, spec.type, runtime.operationModules ?? OPERATION_MODULES, logger);
  } catch (err) {
    uninstall();
    terminal.err(`${command}: cannot start: ${errorMessage(err)}\n`);
    return 1;
  }
  try {
    const registry = app.get(OperationRegistry);
    const flagFor = (field: string) => flagForField(spec, field)?.names.join(', ');
    const once = () => runOperation(registry, { command, label: spec.name, body, flagFor }, terminal, controller.signal);
    return EXIT_CODE[rateMs > 0 ? await repeatEvery(rateMs, controller.signal, once) : await once()];
  } finally {
    uninstall();
    await app.close().catch(() => undefined);
  }
}
