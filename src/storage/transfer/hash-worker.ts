import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { crc32 } from 'node:zlib';
import { createDigest } from './hashing.js';
import type { FileHash, HashJob, HashReply, PartHashes } from './hash-pool.js';

/**
 * Worker thread of the hash pool. Files are read with plain synchronous reads into one buffer reused
 * for every file (no stream, no per-chunk allocation); a quarter MiB keeps the bytes just read in the
 * CPU cache while the digest runs over them. Parts are hashed where they lie, in shared memory.
 */
const buffer = Buffer.allocUnsafe(256 * 1024);

function hashFile(job: Extract<HashJob, { kind: 'file' }>): FileHash {
  const digest = createDigest(job.algorithm);
  const fd = openSync(job.path, 'r');
  let bytes = 0;
  try {
    for (let n; (n = readSync(fd, buffer, 0, buffer.length, bytes)) > 0; bytes += n) digest.update(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return { hash: digest.digest()!, bytes };
}

function hashPart(job: Extract<HashJob, { kind: 'part' }>): PartHashes {
  const part = Buffer.from(job.memory, job.offset, job.length);
  const sha256 = createHash('sha256').update(part).digest('hex');
  if (!job.crc32) return { sha256 };
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(part) >>> 0);
  return { sha256, crc32: crc.toString('base64') };
}

parentPort!.on('message', (job: HashJob) => {
  try {
    const result = job.kind === 'file' ? hashFile(job) : hashPart(job);
    parentPort!.postMessage({ id: job.id, result } satisfies HashReply);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    parentPort!.postMessage({ id: job.id, error: { message: e.message, code: e.code } } satisfies HashReply);
  }
});
