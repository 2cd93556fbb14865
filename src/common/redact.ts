/** Field names whose values are secrets: proxy passwords today, keys and tokens should requests ever carry them. */
const SECRET_FIELD = /(password|passphrase|secret(access)?key|sessiontoken|accesstoken|apikey)$/i;

export const REDACTED = '*****';

/**
 * A deep copy of a request-like value with every secret field replaced by `*****`, for the operation
 * JSON, logs and error messages. The stored request keeps the real value: the handler needs it.
 */
export function redactSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v)) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [
      k,
      SECRET_FIELD.test(k) && v !== undefined && v !== null ? REDACTED : redactSecrets(v),
    ]),
  ) as T;
}
