import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { adler32 } from './adler32.js';
import type { SSTableComponentName } from './sstable-names.js';

/** What identifies one SSTable in a directory. */
export type SSTableId = Pick<SSTableComponentName, 'prefix' | 'generation'>;

/** Digest files Cassandra writes next to an SSTable, in the order Esop looks for them (2.0 wrote sha1). */
const DIGEST_EXTENSIONS = ['crc32', 'adler32', 'sha1'] as const;
/** Esop checksums at most the last 10 MiB of Data.db when there is no digest file. */
const TAIL_BYTES = 10 * 1024 * 1024;
/**
 * Esop takes the leading alphanumeric token with Java's `^([a-zA-Z0-9]+).*` and `matches()`, where
 * `.` stops at line terminators: a digest file with a line break after the token does not count, and
 * the next digest file (or the Data.db checksum) is used. Same here, so keys stay identical to Esop's.
 */
const DIGEST_TOKEN = /^([a-zA-Z0-9]+)[^\n\r\u0085\u2028\u2029]*$/;

/**
 * Esop's "SSTable hash", the directory an SSTable's components are uploaded under:
 * `<generation>-<digest>`, e.g. `1-2620247400`. The digest is Cassandra's own (from
 * `<prefix>-Digest.crc32|adler32|sha1`), else the decimal Adler-32 of the tail of `<prefix>-Data.db`.
 * Identical SSTables thus get identical keys, which is what makes backups incremental.
 * `dir` is the directory holding the component (the snapshot directory, or its `.index` subdirectory).
 */
export async function sstableKeyPart(dir: string, sstable: SSTableId): Promise<string> {
  for (const extension of DIGEST_EXTENSIONS) {
    const text = await readIfExists(join(dir, `${sstable.prefix}-Digest.${extension}`));
    const token = text === null ? null : DIGEST_TOKEN.exec(text)?.[1];
    if (token) return `${sstable.generation}-${token}`;
  }
  const dataFile = join(dir, `${sstable.prefix}-Data.db`);
  try {
    return `${sstable.generation}-${await tailAdler32(dataFile)}`;
  } catch (err) {
    throw new Error(`Cannot key SSTable ${sstable.prefix} in ${dir}: no digest file and ${dataFile} is unreadable`, { cause: err });
  }
}

/**
 * A memoizing `sstableKeyPart`: every component of an SSTable has the same key, and without a
 * digest file computing it reads up to 10 MiB. One resolver per backup run.
 */
export function sstableKeyResolver(): (dir: string, sstable: SSTableId) => Promise<string> {
  const known = new Map<string, Promise<string>>();
  return (dir, sstable) => {
    const id = `${dir}\0${sstable.prefix}`;
    let key = known.get(id);
    if (!key) {
      key = sstableKeyPart(dir, sstable);
      known.set(id, key);
      key.catch(() => known.delete(id));
    }
    return key;
  };
}

/** Decimal Adler-32 of the last 10 MiB of a file (the whole file if smaller), as Esop computes it. */
export async function tailAdler32(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const { bytesRead } = await handle.read(buffer, read, length - read, size - length + read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return String(adler32(buffer.subarray(0, read)));
  } finally {
    await handle.close();
  }
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
