import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { adler32 } from '../../backups/adler32.js';
import { parseDataObjectKey } from '../../backups/bucket-layout.js';
import { sstableKeyPart } from '../../backups/sstable-key.js';
import { parseSSTableFileName } from '../../backups/sstable-names.js';
import { hashFile, type HashAlgorithm } from '../../storage/index.js';

/**
 * Components Cassandra writes once with the SSTable and never rewrites. Statistics.db (repair
 * status, level), Summary.db (index summary redistribution), TOC.txt and SSTable-attached index
 * files can change in place, so without a hash their bytes cannot be vouched for.
 */
const WRITTEN_ONCE = new Set(['Data.db', 'Index.db', 'Filter.db', 'CompressionInfo.db', 'CRC.db', 'Digest.crc32', 'Digest.adler32', 'Digest.sha1', 'Partitions.db', 'Rows.db']);
/** Esop keys an SSTable without a digest file by the Adler-32 of the last 10 MiB of Data.db only. */
const TAIL_BYTES = 10 * 1024 * 1024;

/**
 * Whether a local file holds the content of a backup file, so IN_PLACE may keep it. With the
 * manifest's hash: the same hash. Without one (hashAlgorithm NONE, or an entry with none), never by
 * size alone (the defect 8): the local SSTable must be the backup's — the same SSTable key
 * `<generation>-<digest>`, computed from the local files — the component must be one Cassandra
 * never rewrites, and Data.db must still check against its digest. Otherwise it is downloaded again.
 */
export async function holdsBackupFile(path: string, file: { objectKey: string; size: number; hash?: string }, algorithm: HashAlgorithm): Promise<boolean> {
  const size = await stat(path).then((s) => s.size, () => -1);
  if (size !== file.size) return false;
  if (algorithm !== 'NONE' && file.hash !== undefined) return (await hashFile(path, algorithm)) === file.hash;
  const name = parseSSTableFileName(basename(path));
  const keyPart = parseDataObjectKey(file.objectKey)?.keyPart;
  if (!name || !keyPart || !WRITTEN_ONCE.has(name.component)) return false;
  const local = await sstableKeyPart(dirname(path), name).catch(() => null);
  if (local !== keyPart) return false;
  return name.component === 'Data.db' ? dataMatchesDigest(path, name.prefix, size) : true;
}

/** Data.db against the digest file next to it (Cassandra's checksum of the whole file), or the tail Adler-32 the key was made of. */
async function dataMatchesDigest(path: string, prefix: string, size: number): Promise<boolean> {
  const dir = dirname(path);
  for (const [extension, checksum] of [['crc32', crc32Of], ['adler32', adler32Of], ['sha1', sha1Of]] as const) {
    const digest = await readFile(join(dir, `${prefix}-Digest.${extension}`), 'utf8').catch(() => null);
    const token = digest === null ? null : /^([a-zA-Z0-9]+)/.exec(digest)?.[1];
    if (token) return (await checksum(path)) === token.toLowerCase();
  }
  // No digest file: the key is the Adler-32 of Data.db's tail, which vouches for a small file only.
  return size <= TAIL_BYTES;
}

async function crc32Of(path: string): Promise<string> {
  let value = 0;
  for await (const chunk of createReadStream(path)) value = crc32(chunk as Buffer, value);
  return String(value >>> 0);
}

async function adler32Of(path: string): Promise<string> {
  let value = 1;
  for await (const chunk of createReadStream(path)) value = adler32(chunk as Buffer, value);
  return String(value >>> 0);
}

async function sha1Of(path: string): Promise<string> {
  const hash = createHash('sha1');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
