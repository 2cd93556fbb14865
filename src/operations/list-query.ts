import { ValidationError } from '../common/errors.js';
import type { OperationFilter } from './operation-query.js';

/** Reads the values of one query parameter into the filter; throws ValidationError naming `param`. */
type ParamReader = (values: string[], filter: OperationFilter, param: string) => void;

const DIGITS = /^\d+$/;
/** ISO-8601 date or date-time, optionally with fraction and zone: what Date.parse reads the same everywhere. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Repeatable parameters add up (OR within the parameter). */
const repeatable = (field: 'types' | 'states'): ParamReader => (values, filter) => {
  filter[field] = [...(filter[field] ?? []), ...values];
};

/** A parameter that takes one value. */
const single = (read: (value: string, param: string) => number, field: 'since' | 'offset' | 'limit'): ParamReader =>
  (values, filter, param) => {
    if (values.length !== 1 || filter[field] !== undefined) throw ValidationError.forField(param, 'may be given only once');
    filter[field] = read(values[0], param);
  };

function integer(min: number): (value: string, param: string) => number {
  return (value, param) => {
    const n = Number(value);
    if (!DIGITS.test(value) || !Number.isSafeInteger(n) || n < min) {
      throw ValidationError.forField(param, `must be an integer ≥ ${min}, got '${value}'`);
    }
    return n;
  };
}

/** Epoch milliseconds, or an ISO-8601 date/date-time (UTC when it names no zone). */
export function parseSince(value: string, param = 'since'): number {
  if (DIGITS.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
  const match = ISO_8601.exec(value);
  const text = value.replace(' ', 'T').toUpperCase();
  const ms = match ? Date.parse(match[1] || !value.includes(':') ? text : `${text}Z`) : NaN;
  if (Number.isNaN(ms)) {
    throw ValidationError.forField(param, `must be epoch milliseconds or an ISO-8601 time such as 2024-05-01T12:00:00Z, got '${value}'`);
  }
  return ms;
}

/**
 * The query parameters of GET /operations. `type` and `state` are Icarus' (repeatable, exact,
 * case-sensitive: an unknown value simply matches nothing); `since`, `limit` and `offset` are
 * extensions; `status` is an alias of `state`. Other parameters are ignored, as Icarus does. An alias is one more row here.
 */
export const LIST_PARAMS: Readonly<Record<string, ParamReader>> = {
  type: repeatable('types'),
  state: repeatable('states'),
  // The Icarus Go client names the state filter `status`; its values are OR'ed with `state`'s.
  status: repeatable('states'),
  since: single(parseSince, 'since'),
  limit: single(integer(1), 'limit'),
  offset: single(integer(0), 'offset'),
};

/** Parses Express' query object; 400 naming the parameter when a value is malformed. */
export function parseListQuery(query: Record<string, unknown>): OperationFilter {
  const filter: OperationFilter = {};
  for (const [param, read] of Object.entries(LIST_PARAMS)) {
    const raw = query[param];
    if (raw === undefined) continue;
    const values = Array.isArray(raw) ? raw : [raw];
    if (!values.every((v): v is string => typeof v === 'string')) throw ValidationError.forField(param, 'must be a plain value');
    read(values, filter, param);
  }
  return filter;
}
