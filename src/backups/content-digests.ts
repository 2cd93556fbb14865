import { tableDigest } from '../cassandra/cql-digest.js';
import type { CqlSession } from '../cassandra/cql-session.js';
import type { ReplicaRanges, TokenRange } from '../cassandra/replica-ranges.js';
import { errorMessage, throwIfCancelled } from '../common/errors.js';
import { isSystemKeyspace } from './entities.js';
import type { DigestRecord } from './icarus-records.js';

/** What reading content digests needs: the CQL session and the ring. */
export interface DigestSources {
  cql: CqlSession;
  ranges: ReplicaRanges;
}

/**
 * Digests of `tables` (system keyspaces left out) over the token ranges this node replicates, for a
 * backup's digest record. A table that cannot be read (a replica down: CL ALL) is listed in
 * `errors` instead: the backup itself still completes, and a drill of it then falls back to
 * SSTable verification for that table.
 */
export async function readContentDigests(sources: DigestSources, backupName: string, tables: Array<{ keyspace: string; table: string }>, signal?: AbortSignal): Promise<DigestRecord> {
  const record: DigestRecord = { version: 1, backupName, time: new Date().toISOString(), scope: 'node-replica-ranges', consistency: 'ALL', tables: {}, errors: {} };
  const rangesOf = new Map<string, Promise<TokenRange[]>>();
  for (const { keyspace, table } of tables) {
    if (isSystemKeyspace(keyspace)) continue;
    throwIfCancelled(signal);
    const name = `${keyspace}.${table}`;
    try {
      if (!rangesOf.has(keyspace)) rangesOf.set(keyspace, sources.ranges.ofThisNode(keyspace));
      const ranges = await rangesOf.get(keyspace)!;
      record.tables[name] = await tableDigest(await sources.cql.client(), keyspace, table, ranges, signal);
    } catch (err) {
      throwIfCancelled(signal);
      record.errors[name] = errorMessage(err);
    }
  }
  return record;
}
