import { ValidationError } from '../common/errors.js';

/** A table named in `entities`. */
export interface KeyspaceTable {
  keyspace: string;
  table: string;
}

/**
 * Esop's `entities` (§2.2): either keyspaces (`ks1,ks2`) or tables (`ks1.t1,ks2.t2`), never both;
 * both lists empty means "everything".
 */
export interface DatabaseEntities {
  keyspaces: string[];
  tables: KeyspaceTable[];
}

const MIXED = 'Entities might be either set only as keyspaces or only as keyspaces with tables!';
/** Cassandra's rule for keyspace and table names (SchemaConstants.isValidName). */
const NAME = /^\w{1,48}$/;

/**
 * Keyspaces of Cassandra itself: Esop's five (system, system_schema, system_auth, system_distributed,
 * system_traces), the virtual ones of 4.0+ (which have no SSTables) and those newer Cassandra
 * versions add (system_metrics, system_cluster_metadata, system_accord), so restores keep treating
 * them as system data there too.
 */
const SYSTEM_KEYSPACES = new Set([
  'system',
  'system_schema',
  'system_auth',
  'system_distributed',
  'system_traces',
  'system_views',
  'system_virtual_schema',
  'system_metrics',
  'system_cluster_metadata',
  'system_accord',
]);

/**
 * Parses `entities` with Esop's rules: trim; spaces around dots dropped; other spaces become commas;
 * empty parts dropped; `x.y` is a table, a part with more dots is ignored (Java's `split` also
 * ignores a trailing dot: `ks.` is ignored). Unlike Esop, duplicates are dropped, mixing keyspaces and
 * tables is refused here rather than later, and each name is checked against Cassandra's rule.
 */
export function parseEntities(text: string | null | undefined): DatabaseEntities {
  const keyspaces: string[] = [];
  const tables: KeyspaceTable[] = [];
  const sanitized = (text ?? '').trim().replace(/ +\./g, '.').replace(/\. +/g, '.').replace(/ /g, ',');
  for (const part of sanitized.split(',').filter((p) => p !== '')) {
    if (!part.includes('.')) {
      checkName(part, part);
      if (!keyspaces.includes(part)) keyspaces.push(part);
      continue;
    }
    const pair = javaSplitOnDot(part);
    if (pair.length !== 2) continue;
    const [keyspace, table] = pair;
    checkName(keyspace, part);
    checkName(table, part);
    if (!tables.some((t) => t.keyspace === keyspace && t.table === table)) tables.push({ keyspace, table });
  }
  if (keyspaces.length > 0 && tables.length > 0) throw ValidationError.forField('entities', MIXED);
  return { keyspaces, tables };
}

/** Back to Esop's string form: `ks.t,…`, else `ks,…`, else `""`. */
export function formatEntities(entities: DatabaseEntities): string {
  if (entities.tables.length > 0) return entities.tables.map((t) => `${t.keyspace}.${t.table}`).join(',');
  return entities.keyspaces.join(',');
}

/** True when nothing is named, i.e. all keyspaces. */
export function entitiesAreEmpty(entities: DatabaseEntities): boolean {
  return entities.keyspaces.length === 0 && entities.tables.length === 0;
}

/** True for Cassandra's own keyspaces, which restores leave alone unless asked. */
export function isSystemKeyspace(keyspace: string): boolean {
  return SYSTEM_KEYSPACES.has(keyspace);
}

function checkName(name: string, entity: string): void {
  if (!NAME.test(name)) {
    throw ValidationError.forField('entities', `"${entity}" is not a valid keyspace or table name (letters, digits and _, at most 48)`);
  }
}

/** Java's `String.split("\\.")`: trailing empty parts are removed. */
function javaSplitOnDot(part: string): string[] {
  const pieces = part.split('.');
  while (pieces.length > 0 && pieces[pieces.length - 1] === '') pieces.pop();
  return pieces;
}
