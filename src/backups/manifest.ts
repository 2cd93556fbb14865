import type { HashAlgorithm } from '../storage/transfer-options.js';

/**
 * The backup manifest (§4.4.2): which files of which tables one node's backup consists of.
 * `manifest-json.ts` reads and writes it in Esop's JSON shape; this file holds the model and the
 * questions backup, restore, list and remove-backup ask of it.
 */

/** Only FILE appears in manifests Esop 2+ writes; the others name objects of other kinds (reports, commitlogs, 1.x schemas). */
export type ManifestEntryType = 'FILE' | 'MANIFEST_FILE' | 'CQL_SCHEMA' | 'COMMIT_LOG';
/** Every ManifestEntryType, for validation. */
export const MANIFEST_ENTRY_TYPES: readonly ManifestEntryType[] = ['FILE', 'MANIFEST_FILE', 'CQL_SCHEMA', 'COMMIT_LOG'];

/** One uploaded object. */
export interface ManifestEntry {
  /** Relative to the node path, e.g. `data/ks/t-<id>/1-2620247400/nb-1-big-Data.db`. */
  objectKey: string;
  type: ManifestEntryType;
  /** Bytes stored (with S3 KMS: the encrypted object's size). */
  size: number;
  /** SHA-256 as lower-case hex, or CRC32 as a decimal string; absent with hash algorithm NONE. */
  hash?: string;
}

/** One table: its SSTables' entries grouped by SSTable prefix (`nb-1-big`), its id and its CQL schema. */
export interface ManifestTable {
  sstables: Record<string, ManifestEntry[]>;
  /** 32 hex digits, as in the backed-up node's directory name. */
  id: string;
  /** `schema.cql` of the snapshot (Cassandra 3.0+), when there was one. */
  schemaContent?: string;
}

/** One keyspace: its tables by name. */
export interface ManifestKeyspace {
  tables: Record<string, ManifestTable>;
}

/** A node's backup. */
export interface Manifest {
  snapshot: { name: string; keyspaces: Record<string, ManifestKeyspace> };
  /** The node's tokens, sorted as strings (as Esop sorts them). */
  tokens: string[];
  /** Cassandra's schema version when the backup was taken. */
  schemaVersion?: string;
  /** Sum of the entries' sizes. Esop manifests before 2023 lack it; readers fill it in. */
  size: number;
  /** Our addition: the hash algorithm of the entries (Esop does not record it, §6.2 #17). See manifest-json.ts. */
  manifest?: { hashAlgorithm: HashAlgorithm };
}

/** One entry with where it belongs. */
export interface LocatedEntry {
  keyspace: string;
  table: string;
  tableId: string;
  /** The SSTable prefix the entry is grouped under. */
  sstable: string;
  entry: ManifestEntry;
}

/** Every entry of the manifest, in manifest order. */
export function manifestEntries(m: Manifest): LocatedEntry[] {
  const found: LocatedEntry[] = [];
  for (const [keyspace, ks] of Object.entries(m.snapshot.keyspaces)) {
    for (const [table, t] of Object.entries(ks.tables)) {
      for (const [sstable, entries] of Object.entries(t.sstables)) {
        for (const entry of entries) found.push({ keyspace, table, tableId: t.id, sstable, entry });
      }
    }
  }
  return found;
}

/** Sum of entry sizes (Esop's `getTotalSize`), whatever the manifest's `size` field says. */
export function manifestTotalSize(m: Manifest): number {
  return manifestEntries(m).reduce((sum, e) => sum + e.entry.size, 0);
}

/** Keyspaces of the manifest, in manifest order. */
export function manifestKeyspaces(m: Manifest): string[] {
  return Object.keys(m.snapshot.keyspaces);
}

/** Tables of the manifest, including tables that had no SSTables (their schema is still restored). */
export function manifestTables(m: Manifest): { keyspace: string; table: string; tableId: string; schemaContent?: string }[] {
  return Object.entries(m.snapshot.keyspaces).flatMap(([keyspace, ks]) =>
    Object.entries(ks.tables).map(([table, t]) => ({
      keyspace,
      table,
      tableId: t.id,
      ...(t.schemaContent !== undefined ? { schemaContent: t.schemaContent } : {}),
    })),
  );
}

/** A file of a backed-up table, once keyed, sized and hashed. */
export interface ManifestFileInput {
  /** SSTable prefix, as `parseSSTableFileName` gives it. */
  sstable: string;
  objectKey: string;
  size: number;
  hash?: string;
}

/** A backed-up table (from `scanSnapshot`) with its files. */
export interface ManifestTableInput {
  keyspace: string;
  table: string;
  tableId: string;
  schemaContent?: string;
  files: ManifestFileInput[];
}

/** What `buildManifest` needs. */
export interface BuildManifestInput {
  /** The resolved snapshot tag, which is also the manifest's name. */
  name: string;
  tables: ManifestTableInput[];
  tokens: string[];
  schemaVersion: string;
  hashAlgorithm: HashAlgorithm;
}

/**
 * Builds the manifest of a backup. Keyspaces, tables and SSTables are sorted by name (Esop's order
 * is a HashMap's) so the same snapshot always gives the same text. A table name met twice with two
 * ids (a table dropped and re-created between two snapshots with the same tag) is refused: the
 * manifest keys tables by name and could not hold both.
 */
export function buildManifest(input: BuildManifestInput): Manifest {
  const byKeyspace = new Map<string, Map<string, ManifestTable>>();
  for (const t of [...input.tables].sort((a, b) => compare(a.keyspace, b.keyspace) || compare(a.table, b.table))) {
    const tables = byKeyspace.get(t.keyspace) ?? new Map<string, ManifestTable>();
    byKeyspace.set(t.keyspace, tables);
    const existing = tables.get(t.table);
    if (existing && existing.id !== t.tableId) {
      throw new Error(`Snapshot ${input.name} holds table ${t.keyspace}.${t.table} twice, with ids ${existing.id} and ${t.tableId}`);
    }
    const table: ManifestTable = existing ?? { sstables: {}, id: t.tableId };
    if (t.schemaContent !== undefined && table.schemaContent === undefined) table.schemaContent = t.schemaContent;
    const groups = new Map(Object.entries(table.sstables));
    for (const f of t.files) {
      const entry: ManifestEntry = { objectKey: f.objectKey, type: 'FILE', size: f.size, ...(f.hash !== undefined ? { hash: f.hash } : {}) };
      groups.set(f.sstable, [...(groups.get(f.sstable) ?? []), entry]);
    }
    table.sstables = Object.fromEntries(
      [...groups.entries()].sort(([a], [b]) => compare(a, b)).map(([k, entries]) => [k, entries.sort((x, y) => compare(x.objectKey, y.objectKey))]),
    );
    tables.set(t.table, table);
  }
  const keyspaces = Object.fromEntries([...byKeyspace].map(([ks, tables]) => [ks, { tables: Object.fromEntries(tables) }]));
  const manifest: Manifest = {
    snapshot: { name: input.name, keyspaces },
    tokens: [...input.tokens].sort(compare),
    schemaVersion: input.schemaVersion,
    size: 0,
    manifest: { hashAlgorithm: input.hashAlgorithm },
  };
  manifest.size = manifestTotalSize(manifest);
  return manifest;
}

/** Java's `String.compareTo` order for the ASCII names used here (not locale-aware). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
