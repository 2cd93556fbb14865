import { Command } from 'commander';
import { sidecarVersion } from '../common/version.js';
import { esopCommand } from './esop-command.js';
import { serverCommand } from './server-command.js';

/** The `icarus` executable: `icarus icarus` (server) and `icarus esop` (one-shot CLI), as the Java jar. */
export function buildProgram(): Command {
  const v = sidecarVersion();
  const versionText = `${v.version}\nBuild time: ${v.buildTime}\nGit commit: ${v.gitCommit}`;
  const program = new Command('icarus')
    .description('Sidecar for Apache Cassandra: node operations, backups and restores over REST')
    .version(versionText, '-V, --version', 'print version information')
    .helpOption('-h, --help', 'show this help')
    .showHelpAfterError()
    .addCommand(serverCommand())
    .addCommand(esopCommand());
  for (const sub of program.commands) sub.version(versionText, '-V, --version', 'print version information');
  return program;
}
