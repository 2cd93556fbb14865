import { createHash } from 'node:crypto';
import { throwIfCancelled } from '../common/errors.js';
import { consistencies, type CqlClient } from './cql-session.js';
import { validateKeyspaceName, validateTableName } from './names.js';
import type { TokenRange } from './replica-ranges.js';

/** Content digest of the rows of one table within one token range. */
export interface RangeDigest extends TokenRange {
  rows: number;
  /** 32 hex digits: the sum (two 64-bit lanes) of every row's SHA-256 prefix, so row order does not matter. */
  digest: string;
}

/** Content digest of a table over several ranges, and what it learnt of TTL'd cells. */
export interface TableDigest {
  rows: number;
  digest: string;
  ranges: RangeDigest[];
  /** Cells read that carry a TTL. */
  ttlCells: number;
  /** Epoch seconds when the first of those expires; null when none has a TTL. */
  earliestExpiry: number | null;
}

interface Column {
  name: string;
  kind: string;
  position: number;
  type: string;
}

const FETCH_SIZE = 1_000;
const LANE = 64;
/** Non-frozen collections: one cell per element; Cassandra 5.0 selects their write times and TTLs as lists. */
const MULTI_CELL = /^(list|set|map)</;
/** Single-cell types whose write time and TTL can be selected; non-frozen UDTs and counters cannot. */
const SINGLE_CELL = /^(frozen<|vector<|ascii$|bigint$|blob$|boolean$|date$|decimal$|double$|duration$|float$|inet$|int$|smallint$|text$|time$|timestamp$|timeuuid$|tinyint$|uuid$|varchar$|varint$)/;

/**
 * Digest of every live cell of `keyspace.table` in `ranges`, read at CL ALL through this node
 * (every replica answers, so the digest is of the reconciled data, the same whichever replica
 * holds it). A row's hash covers its `SELECT JSON` text, which Cassandra renders the same way for
 * the same values: every column (collections, UDTs, tuples, statics included) and the write time
 * of every timed cell. TTLs are not hashed (the remaining TTL shrinks while one reads) but counted,
 * with the earliest expiry, so a comparison after that moment can be refused rather than fail.
 */
export async function tableDigest(client: CqlClient, keyspace: string, table: string, ranges: TokenRange[], signal?: AbortSignal): Promise<TableDigest> {
  const columns = await readColumns(client, keyspace, table);
  const release = (await client.execute('SELECT release_version FROM system.local')).rows[0]?.get('release_version') as string | undefined;
  const selection = selectionOf(columns, Number(release?.split('.')[0]) >= 5);
  const partitionKey = columns.filter((c) => c.kind === 'partition_key').sort((a, b) => a.position - b.position).map((c) => quote(c.name)).join(', ');
  const from = `${quote(keyspace)}.${quote(table)}`;
  const out: TableDigest = { rows: 0, digest: '', ranges: [], ttlCells: 0, earliestExpiry: null };
  const lanes = [0n, 0n];
  for (const range of ranges) {
    const sum = [0n, 0n];
    let rows = 0;
    for (const where of rangeConditions(range, partitionKey)) {
      let pageState: string | undefined;
      do {
        throwIfCancelled(signal);
        const page = await client.execute(`SELECT JSON ${selection.text} FROM ${from}${where ? ` WHERE ${where}` : ''}`, [], {
          prepare: true, fetchSize: FETCH_SIZE, pageState, consistency: consistencies.all,
        });
        for (const row of page.rows) {
          const json = row.get('[json]') as string;
          const cut = selection.ttlKey ? json.lastIndexOf(`, "${selection.ttlKey}": `) : -1;
          addRow(sum, cut < 0 ? json : json.slice(0, cut));
          if (cut >= 0) noteTtls(out, json.slice(cut + 2, -1));
          rows++;
        }
        pageState = page.pageState ?? undefined;
      } while (pageState);
    }
    out.ranges.push({ ...range, rows, digest: hexOf(sum) });
    out.rows += rows;
    lanes[0] = BigInt.asUintN(LANE, lanes[0] + sum[0]);
    lanes[1] = BigInt.asUintN(LANE, lanes[1] + sum[1]);
  }
  out.digest = hexOf(lanes);
  return out;
}

/** The columns of a table in schema order, from system_schema (what a scratch copy of it has too). */
async function readColumns(client: CqlClient, keyspace: string, table: string): Promise<Column[]> {
  const result = await client.execute(
    'SELECT column_name, kind, position, type FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?',
    [validateKeyspaceName(keyspace), validateTableName(table)],
    { prepare: true },
  );
  if (result.rows.length === 0) throw new Error(`table ${keyspace}.${table} does not exist`);
  return result.rows.map((r) => ({ name: r.get('column_name') as string, kind: r.get('kind') as string, position: r.get('position') as number, type: r.get('type') as string }));
}

/**
 * pk, clustering, then the other columns by name; write times of timed cells; TTLs last (cut off
 * before hashing). A collection's TTLs are read as their minimum (`collection_min`): Cassandra 5.0
 * fails rendering a JSON list of element TTLs when an element has none.
 */
export function selectionOf(columns: Column[], multiCellTimes: boolean): { text: string; ttlKey: string | null } {
  const order = (kind: string): Column[] => columns.filter((c) => c.kind === kind).sort((a, b) => a.position - b.position);
  const others = columns.filter((c) => c.kind === 'regular' || c.kind === 'static').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const timed = others.filter((c) => SINGLE_CELL.test(c.type) || (multiCellTimes && MULTI_CELL.test(c.type)));
  const parts = [...order('partition_key'), ...order('clustering'), ...others].map((c) => quote(c.name));
  parts.push(...timed.map((c, i) => `writetime(${quote(c.name)}) AS icarus_w${i}`));
  parts.push(...timed.map((c, i) => (MULTI_CELL.test(c.type) ? `collection_min(ttl(${quote(c.name)})) AS icarus_t${i}` : `ttl(${quote(c.name)}) AS icarus_t${i}`)));
  return { text: parts.join(', '), ttlKey: timed.length > 0 ? 'icarus_t0' : null };
}

const MIN_TOKEN = -(2n ** 63n);

/**
 * `(start, end]` as WHERE conditions. A wrapping range (start >= end) is read as two: above start,
 * and up to end. The minimum token is the ring's edge, not a bound: Cassandra reads `token <= MIN`
 * as "to the end of the ring", so it is left out rather than written. An empty condition reads all.
 */
export function rangeConditions(range: TokenRange, partitionKey: string): string[] {
  const [start, end] = [BigInt(range.start), BigInt(range.end)];
  const token = `token(${partitionKey})`;
  const above = start === MIN_TOKEN ? [] : [`${token} > ${start}`];
  const upTo = end === MIN_TOKEN ? [] : [`${token} <= ${end}`];
  if (start < end) return [[...above, ...upTo].join(' AND ')];
  if (start === MIN_TOKEN && end === MIN_TOKEN) return [''];
  return [...above, ...upTo];
}

function addRow(sum: bigint[], text: string): void {
  const hash = createHash('sha256').update(text).digest();
  sum[0] = BigInt.asUintN(LANE, sum[0] + hash.readBigUInt64BE(0));
  sum[1] = BigInt.asUintN(LANE, sum[1] + hash.readBigUInt64BE(8));
}

/** `"icarus_t0": 5, "icarus_t1": [null, 7]`: TTL values are numbers, nulls or (collections) lists of them. */
function noteTtls(out: TableDigest, tail: string): void {
  const values = Object.values(JSON.parse(`{${tail}}`) as Record<string, unknown>).flat();
  const now = Math.floor(Date.now() / 1000);
  for (const v of values) {
    if (typeof v !== 'number') continue;
    out.ttlCells++;
    out.earliestExpiry = Math.min(out.earliestExpiry ?? Number.MAX_SAFE_INTEGER, now + v);
  }
}

function hexOf(lanes: bigint[]): string {
  return lanes.map((l) => l.toString(16).padStart(16, '0')).join('');
}

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
