import 'reflect-metadata';
import { loadConfig } from '../../src/config/sidecar-config.js';
import { startServer } from '../../src/cli/server/start-server.js';
import { TestOperationsModule } from './test-operations.js';

// Child-process entry for SidecarProcess: argv[2] is a JSON object of CLI option values, argv[3]
// (optional) the environment the config may read (storage credentials and endpoints).
const args = JSON.parse(process.argv[2]) as Record<string, string>;
const env = JSON.parse(process.argv[3] ?? '{}') as Record<string, string>;
const server = await startServer(loadConfig(args, env), { extraModules: [TestOperationsModule], logger: false });
process.stdout.write(`SIDECAR READY ${server.url}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
