/**
 * SSTable component file names of Cassandra 2.0 to 5.0, and the "SSTable prefix" Esop groups a
 * manifest's entries by:
 *
 * | Cassandra | Example                                          | prefix                                  |
 * |-----------|--------------------------------------------------|-----------------------------------------|
 * | 2.0       | `ks-cf-jb-1-Data.db`                             | `ks-cf-jb-1`                            |
 * | 2.1–4.0   | `la-1-big-Data.db`, `mc-1-big-…`, `nb-1-big-…`   | `nb-1-big`                              |
 * | 4.1+      | `nb-3gy0_111j_2u8ka1z4k2vcw67ubc-big-Data.db`    | `nb-3gy0_111j_2u8ka1z4k2vcw67ubc-big`   |
 * | 5.0 BTI   | `da-1-bti-Data.db`, `da-<uuid id>-bti-…`         | `da-1-bti`                              |
 * | 5.0 SAI   | `nb-1-big-SAI+aa+t_idx+Meta.db`                  | `nb-1-big` (an index of that SSTable)   |
 *
 * UUID ids come from `uuid_sstable_identifiers_enabled` (4.1+): a time-based UUID in base 36.
 */

/** The parts of an SSTable component file name. */
export interface SSTableComponentName {
  /** What the file name starts with, shared by all components of one SSTable: `nb-1-big`, `ks-cf-jb-1`. */
  prefix: string;
  /** The SSTable generation or id: `1`, `3gy0_111j_2u8ka1z4k2vcw67ubc`. */
  generation: string;
  /** Two-letter format version: `jb`, `mc`, `nb`, `oa`, `da`. */
  version: string;
  /** `big` or `bti`; null for the 2.0 names, which carry keyspace and table instead. */
  format: 'big' | 'bti' | null;
  /** The rest after the prefix: `Data.db`, `Digest.crc32`, `SAI+aa+t_idx+Meta.db`. */
  component: string;
}

const VERSION = /^[a-z]{2}$/;
/** Numeric generations (all versions) and base-36 UUID ids with underscores (4.1+). */
const GENERATION = /^[A-Za-z0-9_]+$/;
/** Keyspace and table names: Cassandra allows word characters only; 2.0 index tables add `.<index>`. */
const LEGACY_NAME = /^\w+(\.\w+)?$/;
const FORMATS = new Set(['big', 'bti']);

/**
 * Parses a component file name, or returns null for anything else in a snapshot (`manifest.json`,
 * `schema.cql`). Cassandra names never contain `-` inside keyspace, table, version or id, so the
 * name splits on `-` into fixed positions; only the component (the last part) may contain `-`.
 *
 * Esop HEAD finds the same prefix with one backtracking regex. Deliberate difference: Esop's regex
 * needs keyspace and table of a 2.0 name to total at least four characters and have no `.`, so it
 * silently left `a-b-jb-1-Data.db` and 2.0 secondary-index SSTables (`ks-cf.idx-jb-1-…`) out of
 * backups; they are SSTables, and we keep them.
 */
export function parseSSTableFileName(fileName: string): SSTableComponentName | null {
  const parts = fileName.split('-');
  // Modern: <version>-<generation>-<format>-<component>
  if (parts.length >= 4 && VERSION.test(parts[0]) && GENERATION.test(parts[1]) && FORMATS.has(parts[2])) {
    return name(parts, 3, parts[0], parts[1], parts[2] as 'big' | 'bti');
  }
  // Cassandra 2.0: <keyspace>-<table>-<version>-<generation>-<component>
  if (parts.length >= 5 && LEGACY_NAME.test(parts[0]) && LEGACY_NAME.test(parts[1]) && VERSION.test(parts[2]) && GENERATION.test(parts[3])) {
    // Esop's regex also accepts a format after a 2.0-style generation; no Cassandra wrote one.
    const hasFormat = parts.length >= 6 && FORMATS.has(parts[4]);
    return name(parts, hasFormat ? 5 : 4, parts[2], parts[3], hasFormat ? (parts[4] as 'big' | 'bti') : null);
  }
  return null;
}

function name(parts: string[], componentAt: number, version: string, generation: string, format: 'big' | 'bti' | null): SSTableComponentName | null {
  const component = parts.slice(componentAt).join('-');
  if (component === '') return null;
  return { prefix: parts.slice(0, componentAt).join('-'), generation, version, format, component };
}

/** True for names of SSTable components (what a backup uploads from a snapshot directory). */
export function isSSTableFileName(fileName: string): boolean {
  return parseSSTableFileName(fileName) !== null;
}
