import { Command, type CommanderError, type OptionValues } from 'commander';
import type { EsopRuntime } from './esop-action.js';
import type { EsopCommandSpec } from './esop-command-spec.js';
import { addEsopOptions } from './esop-options.js';

const EXIT_CODES_HELP = 'Exit codes: 0 success, 1 the operation failed, 2 bad flags or configuration.';

/** One `icarus esop <command>`: its flags, its help, and the run of its operation. */
export function esopSubcommand(spec: EsopCommandSpec, runtime: EsopRuntime = {}): Command {
  const command = new Command(spec.name)
    .description(spec.description)
    .helpOption('-h, --help', 'show this help')
    .showHelpAfterError('(add --help to see the flags)')
    .exitOverride(exitForUsage);
  const reader = addEsopOptions(command, spec);
  const help = [
    `Runs a '${spec.type}' operation in this process, through the same engine as POST /operations, without a`,
    'running sidecar or Redis. A flag not given stays out of the request, so its defaults apply.',
    ...(spec.cassandra ? ['Cassandra is reached through Jolokia, not JMX.'] : []),
    ...(spec.notes ? [spec.notes] : []),
    EXIT_CODES_HELP,
  ];
  command.addHelpText('after', `\n${help.join('\n')}`);
  command.action(async (values: OptionValues) => {
    // The engine (Nest, every operation module) loads only when a command runs, never for --help.
    const { executeEsop } = await import('./esop-action.js');
    exitWith(await executeEsop(spec, reader, values, runtime));
  });
  return command;
}

/** Commander's own errors (unknown flag, missing value) are usage errors: exit 2; help and version exit 0. */
export function exitForUsage(err: CommanderError): never {
  process.exit(err.exitCode === 0 ? 0 : 2);
}

/**
 * Ends the process with `code` once pending output is written. A client library may keep a socket
 * or timer alive after the operation ended; a one-shot command must not wait for it.
 */
function exitWith(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 2_000).unref();
}
