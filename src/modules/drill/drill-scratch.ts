import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CqlClient } from '../../cassandra/cql-session.js';
import { validateKeyspaceName, validateTableName } from '../../cassandra/names.js';
import { OperationFailedError } from '../../common/errors.js';

/** The scratch keyspace a drill restores `keyspace` into (Cassandra names are at most 48 characters). */
export function scratchKeyspaceOf(keyspace: string): string {
  return `drill_${keyspace}`.slice(0, 48);
}

const HEADER = (ks: string): RegExp => new RegExp(`^((?:CREATE|ALTER)\\s+(?:TABLE|TYPE)(?:\\s+IF\\s+NOT\\s+EXISTS)?\\s+)(?:"${ks}"|${ks})\\.`, 'i');

/**
 * The statements of a snapshot's schema.cql that re-create a table (and the user types it uses,
 * and its dropped columns, which SSTables may still hold) under `scratch`: indexes and views are
 * left out (a drill reads by token), the table id is dropped (the scratch table gets its own).
 */
export function scratchStatements(schemaContent: string, keyspace: string, scratch: string): string[] {
  const statements = schemaContent
    .split('\n').filter((line) => !/^\s*(--|\/\/)/.test(line)).join('\n')
    .split(/;\s*(?:\n|$)/).map((s) => s.trim()).filter((s) => s !== '');
  const out: string[] = [];
  for (const statement of statements) {
    if (/^CREATE\s+(CUSTOM\s+)?INDEX|^CREATE\s+MATERIALIZED\s+VIEW/i.test(statement)) continue;
    const header = HEADER(keyspace);
    if (!header.test(statement)) throw new OperationFailedError(`unexpected statement in the backup's schema of keyspace ${keyspace}: ${statement.slice(0, 80)}`);
    out.push(
      statement
        .replace(header, `$1"${scratch}".`)
        .replace(/\bWITH\s+ID\s*=\s*[0-9a-f-]{36}\s+AND\s+/i, 'WITH ')
        .replace(/\s+WITH\s+ID\s*=\s*[0-9a-f-]{36}\s*$/i, ''),
    );
  }
  return out;
}

/** Scratch tables keep nothing a drill would leave behind: no snapshot when dropped, no incremental backups, no CDC, no read repair. */
export function scratchTableOptions(scratch: string, table: string): string {
  return `ALTER TABLE "${scratch}"."${table}" WITH allow_auto_snapshot = false AND incremental_backups = false AND cdc = false AND read_repair = 'NONE'`;
}

/** Refuses a scratch keyspace that exists already: it is not this drill's, and a drill never drops what it did not create. */
export async function requireScratchAbsent(client: CqlClient, scratch: string): Promise<void> {
  const existing = await client.execute('SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?', [validateKeyspaceName(scratch)], { prepare: true });
  if (existing.rows.length > 0) {
    throw new OperationFailedError(`the scratch keyspace ${scratch} exists already (another drill runs, or one was interrupted and not resumed): drop it first`);
  }
}

/**
 * Creates `scratch` with the source keyspace's replication, so the restored SSTables belong to the
 * same nodes and their tokens check out on import.
 */
export async function createScratchKeyspace(client: CqlClient, keyspace: string, scratch: string): Promise<void> {
  const source = await client.execute('SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?', [validateKeyspaceName(keyspace)], { prepare: true });
  const replication = source.rows[0]?.get('replication') as Record<string, string> | undefined;
  if (!replication) throw new OperationFailedError(`keyspace ${keyspace} does not exist on the cluster, so a drill has no replication to copy for ${scratch}`);
  const map = Object.entries(replication).map(([k, v]) => `'${k.replaceAll("'", "''")}': '${String(v).replaceAll("'", "''")}'`).join(', ');
  await client.execute(`CREATE KEYSPACE "${scratch}" WITH replication = {${map}} AND durable_writes = false`);
}

/** Creates one scratch table from the backup's schema, else (an old backup without schema.cql) from the live table's. */
export async function createScratchTable(client: CqlClient, source: { keyspace: string; table: string; schemaContent?: string }, scratch: string): Promise<void> {
  let schema = source.schemaContent;
  if (!schema) {
    const described = await client.execute(`DESCRIBE TABLE "${validateKeyspaceName(source.keyspace)}"."${validateTableName(source.table)}"`);
    schema = described.rows.map((r) => r.get('create_statement') as string).join('\n');
  }
  for (const statement of scratchStatements(schema, source.keyspace, scratch)) await client.execute(statement);
  await client.execute(scratchTableOptions(scratch, source.table));
}

/** Drops the scratch keyspace (if it exists) and removes what is left of its directories. */
export async function dropScratchKeyspace(client: CqlClient, scratch: string, dataDirs: string[]): Promise<void> {
  await client.execute(`DROP KEYSPACE IF EXISTS "${validateKeyspaceName(scratch)}"`);
  for (const dir of dataDirs) await rm(join(dir, scratch), { recursive: true, force: true });
}
