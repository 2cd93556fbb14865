import type { SchemaCheck } from '../cassandra/schema-check.js';
import { ConflictError, UnavailableError, ValidationError } from '../common/errors.js';
import type { OperationSummary } from './operation-handler.js';

/**
 * Runs a precheck that needs Jolokia, but lets the request through when Jolokia is unreachable:
 * the operation is then accepted and fails with an error naming the Jolokia URL, which is what an
 * operator following the operation expects to see, rather than a refused POST.
 */
export async function unlessUnavailable(check: () => Promise<void>): Promise<void> {
  try {
    await check();
  } catch (err) {
    if (!(err instanceof UnavailableError)) throw err;
  }
}

/** 409 when another operation of one of `types` is pending or running. */
export function refuseWhileActive(active: OperationSummary[], types: string[], what: string): void {
  const other = active.find((o) => types.includes(o.type));
  if (other) throw new ConflictError(`${what}: operation ${other.id} (${other.type}) is ${other.state.toLowerCase()}`);
}

/** Tables can only be named together with their keyspace. */
export function requireKeyspaceForTables(keyspace: string | undefined, tables: string[] | undefined): void {
  if (!keyspace && tables && tables.length > 0) {
    throw ValidationError.forField('tables', 'can only be given together with a keyspace');
  }
}

/**
 * The precheck of operations on "a keyspace, or all of them, and optionally some of its tables":
 * tables need their keyspace, and named keyspace and tables must exist (400 otherwise).
 */
export async function checkKeyspaceAndTables(schema: SchemaCheck, keyspace: string | undefined, tables: string[] | undefined): Promise<void> {
  requireKeyspaceForTables(keyspace, tables);
  if (keyspace) await unlessUnavailable(() => schema.requireTables(keyspace, tables));
}
