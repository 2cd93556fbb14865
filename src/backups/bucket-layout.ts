/**
 * Object keys of Esop's bucket layout (§4.3), relative to the node path `<cluster>/<dc>/<node>/`
 * (topology files: relative to the bucket root). Join them with `StorageLocation.nodeKey` /
 * `bucketKey` to get the key a provider is given.
 *
 * ```
 * data/<ks>/<table>-<tableId>/<generation>-<digest>/<component>            e.g. data/ks/t-<id>/1-2620247400/nb-1-big-Data.db
 * data/<ks>/<table>-<tableId>/.<index>/<generation>-<digest>/<component>   secondary index SSTables
 * manifests/<name>.json
 * commitlog/<CommitLog-7-1.log>.<mtimeMs>
 * topology/<name>.json                                                     at the bucket root
 * ```
 */

/** Where one SSTable component of one table lives in the bucket. */
export interface DataObjectParts {
  keyspace: string;
  table: string;
  /** 32 hex digits, from the backed-up node's table directory name. */
  tableId: string;
  /** Secondary index directory as on disk, with its leading dot (`.t_idx`); absent for the table's own SSTables. */
  indexDir?: string;
  /** `<generation>-<digest>` (see `sstableKeyPart`). */
  keyPart: string;
  fileName: string;
}

const TABLE_DIR = /^(.+)-([0-9a-fA-F]{32})$/;

/** `data/<ks>/<table>-<tableId>/[.<index>/]<keyPart>/<file>`. */
export function dataObjectKey(parts: DataObjectParts): string {
  const { keyspace, table, tableId, indexDir, keyPart, fileName } = parts;
  for (const [field, value] of Object.entries({ keyspace, table, tableId, keyPart, fileName })) {
    if (!isSegment(value)) throw new Error(`Invalid ${field} "${value}" for an object key`);
  }
  if (indexDir !== undefined && !(indexDir.startsWith('.') && isSegment(indexDir.slice(1)))) {
    throw new Error(`Invalid secondary index directory "${indexDir}": it must be ".<index name>"`);
  }
  const index = indexDir === undefined ? '' : `${indexDir}/`;
  return `data/${keyspace}/${table}-${tableId}/${index}${keyPart}/${fileName}`;
}

/**
 * The inverse of `dataObjectKey`, or null for anything that is not a data key. As Esop's
 * `isSecondaryIndexManifest`: six segments whose fourth starts with `.` are an index's SSTable.
 */
export function parseDataObjectKey(key: string): DataObjectParts | null {
  const segments = key.split('/');
  if (segments[0] !== 'data' || segments.some((s) => s === '')) return null;
  let indexDir: string | undefined;
  if (segments.length === 6 && segments[3].startsWith('.') && segments[3].length > 1) indexDir = segments[3];
  else if (segments.length !== 5) return null;
  const tableDir = TABLE_DIR.exec(segments[2]);
  if (!tableDir) return null;
  const [keyPart, fileName] = segments.slice(-2);
  return { keyspace: segments[1], table: tableDir[1], tableId: tableDir[2], ...(indexDir ? { indexDir } : {}), keyPart, fileName };
}

/**
 * Where a data object goes back on restore, relative to a data directory:
 * `<ks>/<table>-<id>/[.<index>/]<file>` (the key without `data/` and the key part), as Esop's
 * `enrichManifestEntries` computes it.
 */
export function localRelativePath(objectKey: string): string {
  const parts = parseDataObjectKey(objectKey);
  if (!parts) throw new Error(`"${objectKey}" is not a data object key (data/<ks>/<table>-<id>/[.<index>/]<key>/<file>)`);
  const index = parts.indexDir === undefined ? '' : `${parts.indexDir}/`;
  return `${parts.keyspace}/${parts.table}-${parts.tableId}/${index}${parts.fileName}`;
}

/** `manifests/<name>.json`. */
export function manifestObjectKey(name: string): string {
  return `manifests/${checkedName(name)}.json`;
}

/**
 * The manifest name of `manifests/<name>.json`, also under a node path
 * (`cluster/dc/node/manifests/<name>.json`); null for other keys.
 */
export function parseManifestObjectKey(key: string): string | null {
  const m = /(?:^|\/)manifests\/([^/]+)\.json$/.exec(key);
  return m ? m[1] : null;
}

/** `topology/<name>.json`, relative to the bucket root (not to the node path). */
export function topologyObjectKey(name: string): string {
  return `topology/${checkedName(name)}.json`;
}

/** `commitlog/<file>.<mtimeMs>`: the modification time tells copies of a reused segment file apart. */
export function commitlogObjectKey(fileName: string, mtimeMs: number): string {
  return `commitlog/${checkedName(fileName)}.${Math.trunc(mtimeMs)}`;
}

/** The inverse of `commitlogObjectKey`, or null. */
export function parseCommitlogObjectKey(key: string): { fileName: string; mtimeMs: number } | null {
  const m = /^commitlog\/([^/]+)\.(\d+)$/.exec(key);
  return m ? { fileName: m[1], mtimeMs: Number(m[2]) } : null;
}

function isSegment(value: string): boolean {
  return value !== '' && value !== '.' && value !== '..' && !value.includes('/');
}

function checkedName(name: string): string {
  if (!isSegment(name)) throw new Error(`Invalid object name "${name}"`);
  return name;
}
