import { join } from 'node:path';

/**
 * Where backups keep their local state under the sidecar's data directory (`--data-dir`, shared by
 * the server and the `icarus esop` CLI on the same host): the hash cache, the snapshot leases and
 * the cache of manifests downloaded from cloud buckets.
 */
export function backupStateDir(dataDir: string): string {
  return join(dataDir, 'backups');
}

export function manifestCacheDir(dataDir: string): string {
  return join(backupStateDir(dataDir), 'manifests');
}
