import type { DigestRecord, DrillMismatch } from '../../backups/icarus-records.js';
import { tableDigest } from '../../cassandra/cql-digest.js';
import type { CqlClient } from '../../cassandra/cql-session.js';
import type { ReplicaRanges } from '../../cassandra/replica-ranges.js';
import { errorMessage, throwIfCancelled } from '../../common/errors.js';
import type { DrillTable } from './drill-backup.js';

/** What the check of one restored table found. */
export interface TableCheck {
  table: string;
  check: 'digest' | 'verify';
  rows: number;
  /** Rows per token range read (for cluster-wide totals without counting a replica twice). */
  ranges: Array<{ start: string; end: string; rows: number }>;
  mismatches: DrillMismatch[];
  /** Why a table was verified instead of compared, when it had a recorded digest. */
  note?: string;
}

/**
 * Checks the scratch copy of each table: against the digest recorded with the backup (same token
 * ranges, same CL ALL read) when there is one that can still be compared, else with Cassandra's own
 * SSTable verify plus a row count. A recorded digest cannot be compared once a TTL'd cell it
 * covered has expired: the restored table no longer holds it, through no fault of the backup.
 */
export async function checkScratchTables(
  deps: { client: CqlClient; ranges: ReplicaRanges },
  tables: DrillTable[],
  record: DigestRecord | null,
  options: { extendedVerify: boolean; signal: AbortSignal },
): Promise<TableCheck[]> {
  const out: TableCheck[] = [];
  for (const t of tables) {
    throwIfCancelled(options.signal);
    const name = `${t.keyspace}.${t.table}`;
    const expected = record?.tables[name];
    const expired = expected?.earliestExpiry != null && expected.earliestExpiry <= Math.floor(Date.now() / 1000);
    if (expected && !expired) {
      const actual = await tableDigest(deps.client, t.scratchKeyspace, t.table, expected.ranges, options.signal);
      const mismatches: DrillMismatch[] = [];
      expected.ranges.forEach((r, i) => {
        const got = actual.ranges[i];
        const range = `(${r.start}, ${r.end}]`;
        if (got.rows !== r.rows) mismatches.push({ table: name, problem: 'rows', range, expected: r.rows, actual: got.rows });
        else if (got.digest !== r.digest) mismatches.push({ table: name, problem: 'digest', range, expected: r.digest, actual: got.digest });
      });
      out.push({ table: name, check: 'digest', rows: actual.rows, ranges: rangeRows(actual.ranges), mismatches });
      continue;
    }
    const note = !record ? undefined : expected ? `TTL'd cells recorded at backup expired at ${new Date(expected.earliestExpiry! * 1000).toISOString()}; verified instead` : `no digest was recorded for it${record.errors[name] ? `: ${record.errors[name]}` : ''}; verified instead`;
    const mismatches: DrillMismatch[] = [];
    try {
      await deps.ranges.verify(t.scratchKeyspace, [t.table], options.extendedVerify, { signal: options.signal });
    } catch (err) {
      throwIfCancelled(options.signal);
      mismatches.push({ table: name, problem: 'verify', message: errorMessage(err) });
    }
    const counted = await tableDigest(deps.client, t.scratchKeyspace, t.table, await deps.ranges.ofThisNode(t.scratchKeyspace), options.signal);
    out.push({ table: name, check: 'verify', rows: counted.rows, ranges: rangeRows(counted.ranges), mismatches, ...(note ? { note } : {}) });
  }
  return out;
}

function rangeRows(ranges: Array<{ start: string; end: string; rows: number }>): TableCheck['ranges'] {
  return ranges.map(({ start, end, rows }) => ({ start, end, rows }));
}
