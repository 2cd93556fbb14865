import { type EsopCommandSpec, flagsOf } from './esop-command-spec.js';
import { type EsopFlag, flagTerm } from './esop-flag.js';

/** A flag that cannot be turned into a request (exit code 2, as commander's own errors). */
export class FlagError extends Error {}

/** The values given on the command line, by flag; flags not given are absent. */
export type GivenFlags = ReadonlyMap<EsopFlag, unknown>;

/**
 * The JSON body a REST client would POST for these flags: `{type, storageLocation, ...}`. Only given
 * flags are set, so the request's defaults apply to the others; then the command adds Esop's CLI
 * defaults that differ from the JSON ones.
 */
export function buildRequestBody(spec: EsopCommandSpec, given: GivenFlags): Record<string, unknown> {
  const missing = flagsOf(spec).filter((f) => f.mandatory && !given.has(f));
  if (missing.length > 0) {
    throw new FlagError(missing.map((f) => `required option '${flagTerm(f)}' not specified`).join('\n'));
  }
  const body: Record<string, unknown> = { type: spec.type };
  for (const [flag, raw] of given) {
    if (flag.field && raw !== undefined) setPath(body, flag.field, jsonValue(flag, raw));
  }
  spec.complete?.(body);
  return body;
}

/** The flag that fills a request field (or the object it is in), to name it in error messages. */
export function flagForField(spec: EsopCommandSpec, field: string): EsopFlag | undefined {
  const candidates = flagsOf(spec).filter((f) => f.field && (field === f.field || field.startsWith(`${f.field}.`)));
  return candidates.sort((a, b) => b.field!.length - a.field!.length)[0];
}

function jsonValue(flag: EsopFlag, raw: unknown): unknown {
  const name = flag.names[flag.names.length - 1];
  switch (flag.kind) {
    case 'switch':
      return true;
    case 'bool':
      return parseBool(name, raw);
    case 'int':
      // Numbers as numbers; anything else as given, so the request parser names the field.
      return typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : raw;
    case 'list':
      return asList(raw);
    case 'rename':
      return Object.fromEntries(asList(raw).map((entry) => parseRename(name, entry)));
    case 'keyspaceTables':
      return parseKeyspaceTables(name, String(raw));
    default:
      return String(raw);
  }
}

function parseBool(name: string, raw: unknown): boolean {
  if (raw === true) return true;
  const lower = String(raw).trim().toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new FlagError(`${name}: '${String(raw)}' is not true or false`);
}

function asList(raw: unknown): string[] {
  return Array.isArray(raw) ? raw.map(String) : [String(raw)];
}

/** `--rename ks1.t1=ks1.t2` (Esop's `[OLD_KEYSPACE.OLD_TABLE]=[OLD_KEYSPACE.NEW_TABLE]`). */
function parseRename(name: string, entry: string): [string, string] {
  const at = entry.indexOf('=');
  if (at <= 0 || at === entry.length - 1) throw new FlagError(`${name}: '${entry}' is not ks.table=ks.newtable`);
  return [entry.slice(0, at).trim(), entry.slice(at + 1).trim()];
}

/** `--kt ks.t1,ks.t2,ks2.t` → `{"ks":["t1","t2"],"ks2":["t"]}` (Esop's multimap). */
function parseKeyspaceTables(name: string, value: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of value.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const [keyspace, table, ...rest] = part.split('.');
    if (!keyspace || !table || rest.length > 0) throw new FlagError(`${name}: '${part}' is not keyspace.table`);
    (out[keyspace] ??= []).push(table);
  }
  return out;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node = (node[key] = typeof next === 'object' && next !== null ? next : {}) as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}
