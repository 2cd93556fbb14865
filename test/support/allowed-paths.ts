import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL(import.meta.url.includes('/dist-test/') ? '../../../' : '../../', import.meta.url));

/**
 * Where test requests put their files: the OS temp dir (downloads, file:// buckets, listings) and
 * the test beds (config and commit-log directories of the nodes), given to every test sidecar as
 * `--allowed-path` so the suites run with path confinement on, as production does.
 */
export function testAllowedPaths(): string {
  const beds = [join(ROOT, '.testbed'), ...(process.env.TESTBED_DIR ? [resolve(process.env.TESTBED_DIR)] : [])];
  return [tmpdir(), ...new Set(beds)].join(',');
}
