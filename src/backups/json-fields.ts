/**
 * Readers for parsed JSON that check each value's shape and, when it is wrong, throw a
 * `JsonShapeProblem` naming the field by its JSON path; the caller turns it into its own error
 * (see parseManifest). Coercions follow Jackson's defaults, since the files come from Esop.
 */

/** What is wrong where. Not an Error: it is always caught and rethrown with context. */
export class JsonShapeProblem {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {}
}

/** Throws a JsonShapeProblem. */
export function shapeProblem(field: string, problem: string): never {
  throw new JsonShapeProblem(field, problem);
}

/** A JSON object (not null, not an array). */
export function asObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) shapeProblem(field, 'must be an object');
  return value as Record<string, unknown>;
}

/** A JSON array. */
export function asArray(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) shapeProblem(field, 'must be an array');
  return value as unknown[];
}

/** A string, or undefined for absent and null (Jackson's NON_ABSENT writers leave nulls out anyway). */
export function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') shapeProblem(field, 'must be a string');
  return value as string;
}

/** A string; Jackson also reads a number into a String field (a CRC hash or a token written as a number). */
export function scalarString(value: unknown, field: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return shapeProblem(field, 'must be a string');
}

/** A byte count: a non-negative integer, also as a numeric string (Jackson coerces those to long). */
export function byteCount(value: unknown, field: string): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) shapeProblem(field, 'must be a non-negative integer');
  return n as number;
}

/** Sets an own property, also for a key like `__proto__` (keys come from the file). */
export function putOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
