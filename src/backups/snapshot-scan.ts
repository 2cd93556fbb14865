import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { compare } from './manifest.js';
import { parseSSTableFileName } from './sstable-names.js';

/** One SSTable component file of a snapshot, with what a local hash cache needs to recognise it. */
export interface SnapshotComponent {
  /** SSTable prefix (`nb-1-big`): what the manifest groups entries by. */
  sstable: string;
  /** SSTable generation or id (`1`, `3gy0_111j_2u8ka1z4k2vcw67ubc`), the first half of its key part. */
  generation: string;
  fileName: string;
  /** Secondary index directory (`.t_idx`) the file is in, for index SSTables. */
  indexDir?: string;
  /** Absolute path; its directory is where the SSTable's digest file is looked for. */
  path: string;
  size: number;
  mtimeMs: number;
  dev: number;
  ino: number;
}

/** One table's part of a snapshot, merged across data directories. */
export interface SnapshotTable {
  keyspace: string;
  table: string;
  /** 32 hex digits, from the table directory name. */
  tableId: string;
  /** The snapshot's `schema.cql` (Cassandra 3.0+), from the first data directory that has one. */
  schemaContent?: string;
  components: SnapshotComponent[];
}

const TABLE_DIR = /^(\w+)-([0-9a-f]{32})$/;

/**
 * Finds snapshot `tag` on disk: `<dataDir>/<ks>/<table>-<id>/snapshots/<tag>/` and the secondary
 * index directories `.<index>/` in it, in every data directory. A table found in several data
 * directories is one table with the components of all. Non-SSTable files (`manifest.json`,
 * `schema.cql`) are not components. A file gone between listing and stat is skipped: Esop learnt
 * (2021) that a scan must survive files vanishing under it. Sorted by keyspace, table, id, then
 * index directory and file name.
 */
export async function scanSnapshot(dataDirs: string[], tag: string): Promise<SnapshotTable[]> {
  if (tag === '' || tag.includes('/') || tag === '.' || tag === '..') throw new Error(`Invalid snapshot tag "${tag}"`);
  const tables = new Map<string, SnapshotTable>();
  for (const dataDir of dataDirs) {
    for (const keyspace of await directories(dataDir)) {
      for (const tableDir of await directories(join(dataDir, keyspace))) {
        const match = TABLE_DIR.exec(tableDir);
        if (!match) continue;
        const snapshotDir = join(dataDir, keyspace, tableDir, 'snapshots', tag);
        const entries = await list(snapshotDir);
        if (entries === null) continue;
        const id = `${keyspace}/${tableDir}`;
        const table = tables.get(id) ?? { keyspace, table: match[1], tableId: match[2], components: [] };
        tables.set(id, table);
        table.components.push(...(await components(snapshotDir, entries)));
        for (const indexDir of entries.filter((e) => e.isDirectory() && e.name.startsWith('.')).map((e) => e.name)) {
          table.components.push(...(await components(join(snapshotDir, indexDir), (await list(join(snapshotDir, indexDir))) ?? [], indexDir)));
        }
        if (table.schemaContent === undefined && entries.some((e) => e.name === 'schema.cql')) {
          const schema = await readIfExists(join(snapshotDir, 'schema.cql'));
          if (schema !== null) table.schemaContent = schema;
        }
      }
    }
  }
  for (const table of tables.values()) {
    table.components.sort((a, b) => compare(a.indexDir ?? '', b.indexDir ?? '') || compare(a.fileName, b.fileName));
  }
  return [...tables.values()].sort((a, b) => compare(a.keyspace, b.keyspace) || compare(a.table, b.table) || compare(a.tableId, b.tableId));
}

async function components(dir: string, entries: Dirent[], indexDir?: string): Promise<SnapshotComponent[]> {
  const found = await Promise.all(
    entries
      .filter((e) => !e.isDirectory())
      .map(async (e): Promise<SnapshotComponent | null> => {
        const name = parseSSTableFileName(e.name);
        if (!name) return null;
        const path = join(dir, e.name);
        const stats = await statIfExists(path);
        if (!stats?.isFile()) return null;
        const { size, mtimeMs, dev, ino } = stats;
        const where = indexDir ? { indexDir } : {};
        return { sstable: name.prefix, generation: name.generation, fileName: e.name, ...where, path, size, mtimeMs, dev, ino };
      }),
  );
  return found.filter((c): c is SnapshotComponent => c !== null);
}

async function directories(dir: string): Promise<string[]> {
  return ((await list(dir)) ?? []).filter((e) => e.isDirectory()).map((e) => e.name);
}

/** Entries of a directory, or null when it does not exist (or vanished: a table dropped meanwhile). */
async function list(dir: string): Promise<Dirent[] | null> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (isGone(err)) return null;
    throw err;
  }
}

async function statIfExists(path: string) {
  try {
    return await stat(path);
  } catch (err) {
    if (isGone(err)) return null;
    throw err;
  }
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if (isGone(err)) return null;
    throw err;
  }
}

function isGone(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
