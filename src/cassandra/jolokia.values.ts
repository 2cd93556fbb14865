import { UpstreamError } from '../common/errors.js';

/**
 * Runtime checks of values Jolokia returned, so a facade fails with a clear message instead of
 * passing a surprise shape on (e.g. after a Cassandra version changed an attribute's type).
 */
function unexpected(what: string, value: unknown): UpstreamError {
  return new UpstreamError(`unexpected value from Jolokia for ${what}: ${JSON.stringify(value)?.slice(0, 200)}`);
}

export function asString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw unexpected(what, value);
  return value;
}

export function asNumber(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw unexpected(what, value);
  return value;
}

export function asBoolean(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') throw unexpected(what, value);
  return value;
}

/** A Java List/Set/array of strings; Jolokia serializes `null` collections as null. */
export function asStringArray(value: unknown, what: string): string[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw unexpected(what, value);
  return value;
}

/** A Java Map<String,String> (Jolokia turns map keys into strings with toString()). */
export function asStringRecord(value: unknown, what: string): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw unexpected(what, value);
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.every(([, v]) => typeof v === 'string')) throw unexpected(what, value);
  return Object.fromEntries(entries) as Record<string, string>;
}
