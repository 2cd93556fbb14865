import { ValidationError } from '../common/errors.js';

/** Cassandra's limit for keyspace names (SchemaConstants.NAME_LENGTH); applied to tables too. */
export const MAX_NAME_LENGTH = 48;
const NAME = /^[A-Za-z0-9_]+$/;

/**
 * Checks a keyspace or table name before it goes anywhere near Cassandra or the filesystem.
 * Cassandra only creates names of word characters, so anything else (`/`, `..`, `,`, `=`, `*`,
 * which would also change a path or an ObjectName pattern) is refused up front.
 */
export function validateName(name: unknown, field: string): string {
  if (typeof name !== 'string' || name.length === 0) throw ValidationError.forField(field, 'must not be empty');
  if (name.includes('/') || name.includes('..')) {
    throw ValidationError.forField(field, `must not contain '/' or '..': ${JSON.stringify(name)}`);
  }
  if (!NAME.test(name)) {
    throw ValidationError.forField(field, `may only contain letters, digits and '_': ${JSON.stringify(name)}`);
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw ValidationError.forField(field, `must be at most ${MAX_NAME_LENGTH} characters: ${JSON.stringify(name)}`);
  }
  return name;
}

export function validateKeyspaceName(keyspace: unknown, field = 'keyspace'): string {
  return validateName(keyspace, field);
}

export function validateTableName(table: unknown, field = 'table'): string {
  return validateName(table, field);
}

/** Validates a list of table names; absent or empty means "all tables" and gives []. Duplicates collapse. */
export function validateTableNames(tables: readonly unknown[] | undefined, field = 'tables'): string[] {
  if (!tables) return [];
  return [...new Set(tables.map((t, i) => validateName(t, `${field}[${i}]`)))];
}

/** Validates the `jobs` argument of cleanup/scrub/upgradesstables: 0 means all compaction threads. */
export function validateJobs(jobs: unknown, field = 'jobs'): number {
  if (typeof jobs !== 'number' || !Number.isInteger(jobs) || jobs < 0 || jobs > 2 ** 31 - 1) {
    throw ValidationError.forField(field, `must be a non-negative integer, got ${JSON.stringify(jobs)}`);
  }
  return jobs;
}
