import { parseDataObjectKey } from '../../backups/bucket-layout.js';
import type { DatabaseEntities } from '../../backups/entities.js';
import { manifestEntries, manifestTables, type Manifest } from '../../backups/manifest.js';
import { OperationFailedError } from '../../common/errors.js';

/** A table of the backup and the table it is restored into (the same one unless renamed). */
export interface RestoreTable {
  source: { keyspace: string; table: string; tableId: string };
  keyspace: string;
  table: string;
  schemaContent?: string;
}

/** One file of the backup, where it comes from and which table it goes to. */
export interface RestoreFile {
  table: RestoreTable;
  /** Secondary index directory (`.t_idx`): a table's SSTables and its index's may share a base name. */
  indexDir?: string;
  sstable: string;
  fileName: string;
  objectKey: string;
  size: number;
  hash?: string;
}

export interface RestoreSelection {
  tables: RestoreTable[];
  files: RestoreFile[];
}

/**
 * What a restore takes from a backup: the tables `entities` names (empty: every table of the backup
 * that `wanted` lets through; never tables that are not in the backup, which Esop truncated too,
 * §6.2 #13), each mapped through `rename`, with their files.
 */
export function selectForRestore(
  manifest: Manifest,
  entities: DatabaseEntities,
  rename: Record<string, string>,
  wanted: (keyspace: string, table: string) => boolean,
): RestoreSelection {
  const inBackup = manifestTables(manifest);
  const key = (ks: string, t: string) => `${ks}.${t}`;
  for (const ks of entities.keyspaces) {
    if (!inBackup.some((t) => t.keyspace === ks)) throw new OperationFailedError(`Keyspace ${ks} is not in backup ${manifest.snapshot.name}`);
  }
  for (const t of entities.tables) {
    if (!inBackup.some((b) => b.keyspace === t.keyspace && b.table === t.table)) {
      throw new OperationFailedError(`Table ${key(t.keyspace, t.table)} is not in backup ${manifest.snapshot.name}`);
    }
  }
  const chosen = inBackup.filter((t) => {
    if (entities.tables.length > 0) return entities.tables.some((e) => e.keyspace === t.keyspace && e.table === t.table);
    if (entities.keyspaces.length > 0) return entities.keyspaces.includes(t.keyspace);
    return wanted(t.keyspace, t.table);
  });
  const tables = chosen.map((t): RestoreTable => {
    const target = rename[key(t.keyspace, t.table)]?.split('.') ?? [t.keyspace, t.table];
    return { source: { keyspace: t.keyspace, table: t.table, tableId: t.tableId }, keyspace: target[0], table: target[1], schemaContent: t.schemaContent };
  });
  const byKey = new Map(tables.map((t) => [key(t.source.keyspace, t.source.table), t]));
  const files: RestoreFile[] = [];
  for (const { keyspace, table, sstable, entry } of manifestEntries(manifest)) {
    const target = byKey.get(key(keyspace, table));
    if (!target) continue;
    const parts = parseDataObjectKey(entry.objectKey);
    if (!parts) throw new OperationFailedError(`Backup ${manifest.snapshot.name} holds an entry that is no SSTable file: ${entry.objectKey}`);
    files.push({ table: target, indexDir: parts.indexDir, sstable, fileName: parts.fileName, objectKey: entry.objectKey, size: entry.size, hash: entry.hash });
  }
  return { tables, files };
}
