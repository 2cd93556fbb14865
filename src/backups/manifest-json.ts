import { ValidationError } from '../common/errors.js';
import { HASH_ALGORITHMS, type HashAlgorithm } from '../storage/transfer-options.js';
import { asArray, asObject, byteCount, JsonShapeProblem, optionalString, putOwn, scalarString, shapeProblem as fail } from './json-fields.js';
import { jacksonPretty } from './json-pretty.js';
import { MANIFEST_ENTRY_TYPES, manifestTotalSize, type Manifest, type ManifestEntry, type ManifestTable } from './manifest.js';
import { parseSSTableFileName } from './sstable-names.js';

/** A manifest that cannot be read; `problems[0].field` is the JSON path of what is wrong. */
export class ManifestFormatError extends ValidationError {
  constructor(manifestName: string | undefined, field: string, problem: string) {
    super(`Manifest ${manifestName ?? '(unnamed)'} is invalid: ${field}: ${problem}`, [{ field, problem }]);
  }
}

const NAME = /^\w+$/;

/**
 * Reads every manifest form Esop has written: tables with `sstables` (2.0+) or with the flat
 * `entries` list of Esop < 2.0 (grouped here by SSTable prefix; entries that are no SSTable
 * component, such as 1.x `-schema.cql` entries, are dropped as Esop drops them), without the top
 * `size` (before 2023: the entries are summed), entries without `size` (0, as Jackson reads a
 * missing long) or `hash` (algorithm NONE). Unknown fields are ignored. `name` (the manifest's file
 * name) is used in errors and when `snapshot.name` is missing.
 */
export function parseManifest(text: string, name?: string): Manifest {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (err) {
    throw new ManifestFormatError(name, '(document)', `not JSON (${(err as Error).message})`);
  }
  try {
    return readManifest(root, name);
  } catch (err) {
    if (err instanceof JsonShapeProblem) throw new ManifestFormatError(name, err.field, err.problem);
    throw err;
  }
}

function readManifest(root: unknown, name: string | undefined): Manifest {
  const top = asObject(root, '(document)');
  const snapshot = asObject(top.snapshot, 'snapshot');
  const snapshotName = optionalString(snapshot.name, 'snapshot.name') ?? name ?? fail('snapshot.name', 'missing');
  const keyspaces: Manifest['snapshot']['keyspaces'] = {};
  for (const [ks, ksValue] of Object.entries(asObject(snapshot.keyspaces ?? {}, 'snapshot.keyspaces'))) {
    const ksField = `snapshot.keyspaces.${ks}`;
    if (!NAME.test(ks)) fail(ksField, 'not a keyspace name');
    const tables: Record<string, ManifestTable> = {};
    for (const [table, tableValue] of Object.entries(asObject(asObject(ksValue, ksField).tables ?? {}, `${ksField}.tables`))) {
      const tableField = `${ksField}.tables.${table}`;
      if (!NAME.test(table)) fail(tableField, 'not a table name');
      putOwn(tables, table, parseTable(tableValue, tableField));
    }
    putOwn(keyspaces, ks, { tables });
  }
  const manifest: Manifest = {
    snapshot: { name: snapshotName, keyspaces },
    tokens: asArray(top.tokens ?? [], 'tokens').map((t, i) => scalarString(t, `tokens[${i}]`)),
    size: 0,
  };
  const schemaVersion = optionalString(top.schemaVersion, 'schemaVersion');
  if (schemaVersion !== undefined) manifest.schemaVersion = schemaVersion;
  const hashAlgorithm = recordedHashAlgorithm(top.manifest);
  if (hashAlgorithm) manifest.manifest = { hashAlgorithm };
  manifest.size = top.size === undefined || top.size === null ? manifestTotalSize(manifest) : byteCount(top.size, 'size');
  return manifest;
}

function parseTable(value: unknown, field: string): ManifestTable {
  const t = asObject(value, field);
  const id = optionalString(t.id, `${field}.id`) ?? fail(`${field}.id`, 'missing');
  const sstables: Record<string, ManifestEntry[]> = {};
  const grouped = asObject(t.sstables ?? {}, `${field}.sstables`);
  if (Object.keys(grouped).length > 0) {
    for (const [sstable, list] of Object.entries(grouped)) {
      const entries = asArray(list, `${field}.sstables.${sstable}`).map((e, i) => parseEntry(e, `${field}.sstables.${sstable}[${i}]`));
      putOwn(sstables, sstable, entries);
    }
  } else {
    // Esop < 2.0: a flat list; Esop 2+ only reads it when `sstables` is absent or empty.
    asArray(t.entries ?? [], `${field}.entries`).forEach((e, i) => {
      const entry = parseEntry(e, `${field}.entries[${i}]`);
      const prefix = parseSSTableFileName(entry.objectKey.slice(entry.objectKey.lastIndexOf('/') + 1))?.prefix;
      if (prefix === undefined) return;
      if (!Object.hasOwn(sstables, prefix)) putOwn(sstables, prefix, []);
      sstables[prefix].push(entry);
    });
  }
  const table: ManifestTable = { sstables, id };
  const schemaContent = optionalString(t.schemaContent, `${field}.schemaContent`);
  if (schemaContent !== undefined) table.schemaContent = schemaContent;
  return table;
}

function parseEntry(value: unknown, field: string): ManifestEntry {
  const e = asObject(value, field);
  const objectKey = optionalString(e.objectKey, `${field}.objectKey`);
  if (!objectKey) fail(`${field}.objectKey`, 'missing');
  const type = e.type ?? 'FILE';
  if (!MANIFEST_ENTRY_TYPES.includes(type as ManifestEntry['type'])) fail(`${field}.type`, `must be one of ${MANIFEST_ENTRY_TYPES.join(', ')}`);
  const size = e.size === undefined || e.size === null ? 0 : byteCount(e.size, `${field}.size`);
  const entry: ManifestEntry = { objectKey: objectKey as string, type: type as ManifestEntry['type'], size };
  if (e.hash !== undefined && e.hash !== null) entry.hash = scalarString(e.hash, `${field}.hash`);
  return entry;
}

function recordedHashAlgorithm(value: unknown): HashAlgorithm | undefined {
  if (value === undefined || value === null) return undefined;
  const algorithm = asObject(value, 'manifest').hashAlgorithm;
  if (algorithm === undefined || algorithm === null) return undefined;
  if (!HASH_ALGORITHMS.includes(algorithm as HashAlgorithm)) fail('manifest.hashAlgorithm', `must be one of ${HASH_ALGORITHMS.join(', ')}`);
  return algorithm as HashAlgorithm;
}

/**
 * The manifest's JSON: Jackson's pretty layout and Esop's field order (top `snapshot, tokens,
 * schemaVersion, size`; table `sstables, id, schemaContent`; entry `objectKey, type, size, hash`),
 * absent values left out as Esop's NON_ABSENT mapper does.
 *
 * Plus a top-level `"manifest": {"hashAlgorithm": …}` recording the hash algorithm (Esop's §6.2 #17:
 * backup and restore had to be told the same algorithm). The key is chosen for Esop's sake: Esop
 * 3.0.1's mapper fails on unknown top-level fields (a `"hashAlgorithm"` key made `esop list` fail
 * with UnrecognizedPropertyException), but its Manifest class has a `@JsonIgnore` field named
 * `manifest`, so Jackson skips a `manifest` key silently; `esop list` and restore read such manifests.
 */
export function serializeManifest(m: Manifest): string {
  return jacksonPretty({
    snapshot: {
      name: m.snapshot.name,
      keyspaces: mapValues(m.snapshot.keyspaces, (ks) => ({
        tables: mapValues(ks.tables, (t) => ({
          sstables: mapValues(t.sstables, (entries) =>
            entries.map((e) => ({ objectKey: e.objectKey, type: e.type, size: e.size, hash: e.hash ?? undefined })),
          ),
          id: t.id,
          schemaContent: t.schemaContent ?? undefined,
        })),
      })),
    },
    tokens: m.tokens,
    schemaVersion: m.schemaVersion ?? undefined,
    size: m.size,
    manifest: m.manifest ? { hashAlgorithm: m.manifest.hashAlgorithm } : undefined,
  });
}


function mapValues<T, R>(record: Record<string, T>, fn: (value: T) => R): Record<string, R> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v)]));
}
