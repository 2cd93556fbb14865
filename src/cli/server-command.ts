import { Command, Option } from 'commander';
import { ConfigError, loadConfig, SERVER_COMMAND_OPTIONS } from '../config/sidecar-config.js';
import type { RawValues } from '../config/option.js';

/** `icarus icarus [options]`: runs the sidecar's REST server and operations engine. */
export function serverCommand(): Command {
  const command = new Command('icarus')
    .description('run the sidecar: REST API on /operations, Swagger on /docs, Bull Board on /dashboard')
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', '\nEvery option can also be set by the environment variable named in its description.');
  for (const spec of SERVER_COMMAND_OPTIONS) {
    const facts = [`env ${spec.env}`];
    if (spec.default !== undefined && !spec.sensitive) facts.push(`default ${spec.default}`);
    if (spec.repeatable) facts.push('repeatable; env comma-separated');
    const option = new Option(spec.flags, `${spec.description} (${facts.join(', ')})`);
    // A repeated flag collects its values; its environment variable takes them comma-separated.
    if (spec.repeatable) option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
    command.addOption(option);
  }
  command.action(async (options: RawValues) => {
    await runServer(options);
  });
  return command;
}

async function runServer(options: RawValues): Promise<void> {
  // The server stack (Nest HTTP, BullMQ, Bull Board, Swagger) loads here, so `icarus esop …` never pays for it.
  const [{ startServer }, { EmbeddedRedisError }] = await Promise.all([import('./server/start-server.js'), import('../queues/embedded-redis.js')]);
  let server;
  try {
    server = await startServer(loadConfig(options));
  } catch (err) {
    if (err instanceof ConfigError || err instanceof EmbeddedRedisError) {
      process.stderr.write(`icarus: ${err.message}\n`);
      process.exit(err instanceof ConfigError ? 2 : 1);
    }
    throw err;
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`icarus: ${signal} received, stopping\n`);
    server
      .close()
      .then(() => process.exit(0))
      .catch((err: Error) => {
        process.stderr.write(`icarus: error while stopping: ${err.message}\n`);
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
