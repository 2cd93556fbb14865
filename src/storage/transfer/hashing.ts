import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { crc32 } from 'node:zlib';
import type { HashAlgorithm } from '../transfer-options.js';
import { hashFileInWorker } from './hash-pool.js';

/** Incremental digest in Esop's text forms: lower-case hex SHA-256, CRC32 as a decimal string, or none. */
export interface Digest {
  update(chunk: Buffer): void;
  /** The hash text, or null for NONE. */
  digest(): string | null;
}

class Sha256Digest implements Digest {
  private readonly hash: Hash = createHash('sha256');
  update(chunk: Buffer): void {
    this.hash.update(chunk);
  }
  digest(): string {
    return this.hash.digest('hex');
  }
}

class Crc32Digest implements Digest {
  private value = 0;
  update(chunk: Buffer): void {
    this.value = crc32(chunk, this.value);
  }
  digest(): string {
    return String(this.value >>> 0);
  }
}

const NO_DIGEST: Digest = { update: () => undefined, digest: () => null };

export function createDigest(algorithm: HashAlgorithm): Digest {
  if (algorithm === 'SHA-256') return new Sha256Digest();
  if (algorithm === 'CRC') return new Crc32Digest();
  return NO_DIGEST;
}

/** Feeds the first `length` bytes of a local file into a digest (used to continue a resumed download's hash). */
export async function digestFilePrefix(path: string, length: number, digest: Digest): Promise<void> {
  if (length <= 0) return;
  for await (const chunk of createReadStream(path, { start: 0, end: length - 1 })) digest.update(chunk as Buffer);
}

/** Hash of a whole local file (computed in a worker thread), or null for NONE. */
export async function hashFile(path: string, algorithm: HashAlgorithm, signal?: AbortSignal): Promise<string | null> {
  if (algorithm === 'NONE') return null;
  return (await hashFileInWorker(path, algorithm, signal)).hash;
}
