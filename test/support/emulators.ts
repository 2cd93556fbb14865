import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './ports.js';

const run = promisify(execFile);

/** Repository root, from dist-test/test/support/ or test/support/. */
export const REPO_ROOT = fileURLToPath(new URL(import.meta.url.includes('/dist-test/') ? '../../../' : '../../', import.meta.url));
const SCRIPT = join(REPO_ROOT, 'testbed/emulators');

export type EmulatorName = 's3' | 'gcs' | 'azure';

export interface RunningEmulators {
  /** Client env for the started emulators (AWS_ENDPOINT, GCS_ENDPOINT, AZURE_STORAGE_CONNECTION_STRING, …). */
  env: Record<string, string>;
  stop(): Promise<void>;
}


/**
 * Starts private instances of the emulators through the project's own `testbed/emulators` script:
 * their own temp state dir and free ports, so test files running in parallel never share or stop each
 * other's servers. The Go binaries are built once into .testbed/bin (shared cache).
 */
export async function startEmulators(names: readonly EmulatorName[]): Promise<RunningEmulators> {
  const home = await mkdtemp(join(tmpdir(), 'icarus-emulators-'));
  const scriptEnv = {
    ...process.env,
    EMU_HOME: home,
    EMU_S3_PORT: String(await freePort()),
    EMU_GCS_PORT: String(await freePort()),
    EMU_AZURE_PORT: String(await freePort()),
  };
  const which = [...names];
  const stop = async (): Promise<void> => {
    await run(SCRIPT, ['down', ...which], { env: scriptEnv }).catch(() => undefined);
    await rm(home, { recursive: true, force: true });
  };
  const env: Record<string, string> = {};
  try {
    for (const name of which) {
      const { stdout } = await run(SCRIPT, ['up', name], { env: scriptEnv, timeout: 15 * 60_000 });
      for (const line of stdout.split('\n')) {
        const eq = line.indexOf('=');
        if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
      }
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { env, stop };
}
