import { Command } from 'commander';
import { sidecarVersion } from '../common/version.js';
import type { EsopRuntime } from './esop/esop-action.js';
import { ESOP_COMMANDS } from './esop/esop-commands.js';
import { esopSubcommand, exitForUsage } from './esop/esop-subcommand.js';

/**
 * `icarus esop <command>`: Esop's one-shot backup, restore, list and remove-backup commands. Each
 * turns its flags into the JSON request a REST client would send and runs it through the same
 * engine as the server, in this process, without Redis. `runtime` is for tests only.
 */
export function esopCommand(runtime: EsopRuntime = {}): Command {
  const group = new Command('esop')
    .description('one-shot backup, restore, list and remove-backup commands (Esop), run without a server')
    .helpOption('-h, --help', 'show this help')
    .exitOverride(exitForUsage)
    .addHelpText(
      'after',
      '\nEach command runs one operation through the same engine as POST /operations, in this process, without a\n' +
        'running sidecar or Redis, and reaches Cassandra through Jolokia (--jolokia-url, env JOLOKIA_URL).\n' +
        "Run 'icarus esop <command> --help' for its flags. Exit codes: 0 success, 1 the operation failed, 2 bad flags.",
    )
    // Every command answers -V/--version with the text the `icarus` program was given.
    .hook('preSubcommand', (esop, sub) => {
      if (!sub.version()) sub.version(esop.version() ?? sidecarVersion().version, '-V, --version', 'print version information');
    });
  for (const spec of ESOP_COMMANDS) group.addCommand(esopSubcommand(spec, runtime));
  return group;
}
