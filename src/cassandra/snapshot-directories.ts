import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One snapshot of one table, found on disk at `<data dir>/<keyspace>/<table>-<id>/snapshots/<tag>/`. */
export interface SnapshotInfo {
  tag: string;
  keyspace: string;
  table: string;
  /** Table id as in the directory name (32 hex digits, no dashes). */
  tableId: string;
  directory: string;
  /** From the snapshot's manifest.json (ISO time), when there is one. */
  createdAt?: string;
  expiresAt?: string;
  ephemeral: boolean;
}

const TABLE_DIR = /^(\w+)-([0-9a-f]{32})$/;

/**
 * Lists snapshots by walking Cassandra's data directories. StorageService.getSnapshotDetails is
 * no use through Jolokia: every column of its TabularData is an index, and the "Expiration time"
 * of a snapshot without TTL is null, which Jolokia 2.6 cannot serialize as a key (the answer is
 * cut off mid-JSON). The files on disk are what a backup reads anyway.
 */
export async function listSnapshotDirectories(dataDirs: string[]): Promise<SnapshotInfo[]> {
  const found: SnapshotInfo[] = [];
  for (const dataDir of dataDirs) {
    for (const keyspace of await subdirectories(dataDir)) {
      for (const tableDir of await subdirectories(join(dataDir, keyspace))) {
        const match = TABLE_DIR.exec(tableDir);
        if (!match) continue;
        const snapshotsDir = join(dataDir, keyspace, tableDir, 'snapshots');
        for (const tag of await subdirectories(snapshotsDir)) {
          const directory = join(snapshotsDir, tag);
          found.push({ tag, keyspace, table: match[1], tableId: match[2], directory, ...(await readManifest(directory)) });
        }
      }
    }
  }
  return found.sort((a, b) => `${a.tag}/${a.keyspace}.${a.table}`.localeCompare(`${b.tag}/${b.keyspace}.${b.table}`));
}

async function subdirectories(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** manifest.json of Cassandra 4.1+: `{files, created_at, expires_at, ephemeral}`; older snapshots lack the times. */
async function readManifest(directory: string): Promise<Pick<SnapshotInfo, 'createdAt' | 'expiresAt' | 'ephemeral'>> {
  try {
    const manifest = JSON.parse(await readFile(join(directory, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    return {
      ...(typeof manifest.created_at === 'string' ? { createdAt: manifest.created_at } : {}),
      ...(typeof manifest.expires_at === 'string' ? { expiresAt: manifest.expires_at } : {}),
      ephemeral: manifest.ephemeral === true,
    };
  } catch {
    return { ephemeral: false };
  }
}
