import { asString } from './jolokia.values.js';

/** One row of `getSnapshotDetails`: a snapshot of one table. Sizes are Cassandra's human-readable strings. */
export interface SnapshotDetail {
  tag: string;
  keyspace: string;
  table: string;
  trueSize: string;
  sizeOnDisk: string;
  creationTime: string;
  expirationTime: string;
  ephemeral: boolean;
}

/**
 * Flattens `Map<tag, TabularData>`. Every column of SnapshotDetailsTabularData is part of its
 * index, so Jolokia nests one JSON object per index value; the rows are the objects that carry
 * a "Snapshot name" field, found by walking down.
 */
export function parseSnapshotDetails(value: unknown): SnapshotDetail[] {
  const rows: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const obj = node as Record<string, unknown>;
    if ('Snapshot name' in obj) rows.push(obj);
    else Object.values(obj).forEach(walk);
  };
  walk(value);
  return rows.map((r) => ({
    tag: asString(r['Snapshot name'], 'Snapshot name'),
    keyspace: asString(r['Keyspace name'], 'Keyspace name'),
    table: asString(r['Column family name'], 'Column family name'),
    trueSize: String(r['True size'] ?? ''),
    sizeOnDisk: String(r['Size on disk'] ?? ''),
    creationTime: String(r['Creation time'] ?? ''),
    expirationTime: String(r['Expiration time'] ?? ''),
    ephemeral: String(r['Ephemeral']) === 'true',
  }));
}
