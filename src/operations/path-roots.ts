import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize, relative } from 'node:path';
import { StorageLocation } from '../storage/index.js';
import { pathFieldsOf, toPath } from './path-fields.js';

/** One path a request names: its dotted field, its value, and where the stored request keeps it. */
export interface RequestPath {
  field: string;
  /** The path as the node will use it (file:// URIs decoded, normalised). */
  path: string;
  /** Writes the normalised form back into the stored request; absent for values kept as given (URIs). */
  store?: (normalised: string) => void;
}

/**
 * Every path the client chose in a request: the path fields (nested sections such as `import`
 * included) and a `file://` storage location. A field left out, or set to its default (what
 * leaving it out gives, e.g. `/etc/cassandra`, which a coordinator's per-node copy carries), is
 * the server's choice and is not listed.
 */
export function requestPaths(instance: object, body: unknown, plain: Record<string, unknown>, prefix = ''): RequestPath[] {
  const given = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const values = instance as Record<string, unknown>;
  // Request DTOs have no-argument constructors whose field initialisers are the defaults.
  const defaults = new (instance.constructor as new () => Record<string, unknown>)();
  const out: RequestPath[] = [];
  for (const field of pathFieldsOf(instance)) {
    if (given[field] === undefined || given[field] === null) continue;
    const value = values[field];
    if (typeof value === 'string' && value === defaults[field]) continue;
    if (typeof value === 'string') {
      out.push(pathOf(`${prefix}${field}`, value, (p) => (plain[field] = p)));
    } else if (Array.isArray(value)) {
      value.forEach((v: unknown, i) => {
        if (typeof v === 'string') out.push(pathOf(`${prefix}${field}`, v, (p) => ((plain[field] as string[])[i] = p)));
      });
    }
  }
  const location = prefix === '' ? values.storageLocation : undefined;
  if (typeof location === 'string' && location.startsWith('file:')) {
    const parsed = StorageLocation.parseLoose(location);
    if (parsed.fileBackupDirectory !== null) out.push({ field: 'storageLocation', path: normalize(join(parsed.fileBackupDirectory, parsed.bucket)) });
  }
  for (const [key, nested] of Object.entries(values)) {
    const section = plain[key];
    if (nested && typeof nested === 'object' && !Array.isArray(nested) && section && typeof section === 'object' && pathFieldsOf(nested).length > 0) {
      out.push(...requestPaths(nested, given[key], section as Record<string, unknown>, `${prefix}${key}.`));
    }
  }
  return out;
}

function pathOf(field: string, value: string, store: (p: string) => void): RequestPath {
  const path = stripSlash(normalize(toPath(value)));
  return value.startsWith('file://') ? { field, path } : { field, path, store };
}

function stripSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** `path` is `root` or below it, by their text. */
export function within(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith('../') && !isAbsolute(rel));
}

/**
 * The default root a Cassandra directory stands for: its parent, which holds its siblings
 * (`/var/lib/cassandra` for `/var/lib/cassandra/data`: commitlog, hints, saved_caches and the
 * download directories restores use next to them), unless that parent is the filesystem root.
 */
export function rootOf(cassandraDirectory: string): string {
  const directory = stripSlash(normalize(cassandraDirectory));
  const parent = dirname(directory);
  return parent === '/' ? directory : parent;
}

/**
 * The path with symlinks resolved as far as it exists (what is below may be created later), so a
 * link inside an allowed directory cannot lead a request outside it.
 */
export async function realPathSoFar(path: string): Promise<string> {
  const rest: string[] = [];
  for (let current = path; ; current = dirname(current)) {
    try {
      return join(await realpath(current), ...rest.reverse());
    } catch {
      if (current === dirname(current)) return path;
      rest.push(basename(current));
    }
  }
}
