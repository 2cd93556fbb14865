import { Command } from 'commander';

/**
 * `icarus esop <command>`: Esop's one-shot backup/restore CLI. Its commands arrive with the
 * backup and restore engine; until then the group only explains what it will hold.
 */
export function esopCommand(): Command {
  return new Command('esop')
    .description('one-shot backup, restore, list and remove-backup commands (Esop), run without a server')
    .helpOption('-h, --help', 'show this help')
    .addHelpText(
      'after',
      '\nCommands planned, not available in this version yet: backup, restore, commitlog-backup, ' +
        'commitlog-restore, list, remove-backup.\nUntil then run them as operations through a running sidecar ' +
        '(POST /operations) once those operation types exist.',
    )
    .action(function (this: Command) {
      this.outputHelp();
      process.exitCode = 1;
    });
}
