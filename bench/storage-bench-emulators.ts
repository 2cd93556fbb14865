import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL(import.meta.url.includes('/dist-test/') ? '../../testbed/emulators' : '../testbed/emulators', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Private emulator instances for one benchmark run, through testbed/emulators (temp state, free ports). */
export async function startBenchEmulators(names: readonly string[]): Promise<{ env: Record<string, string>; stop(): Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), 'icarus-bench-emulators-'));
  const env = { ...process.env, EMU_HOME: home, EMU_S3_PORT: String(await freePort()), EMU_GCS_PORT: String(await freePort()), EMU_AZURE_PORT: String(await freePort()) };
  const stop = async () => {
    await run(SCRIPT, ['down', 'all'], { env }).catch(() => undefined);
    await rm(home, { recursive: true, force: true });
  };
  const clientEnv: Record<string, string> = {};
  try {
    for (const name of names) {
      const { stdout } = await run(SCRIPT, ['up', name], { env, timeout: 15 * 60_000 });
      for (const line of stdout.split('\n')) if (line.includes('=')) clientEnv[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { env: clientEnv, stop };
}
