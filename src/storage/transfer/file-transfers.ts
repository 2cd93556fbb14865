import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { CancelledError, SidecarError, UnavailableError } from '../../common/errors.js';
import type { ObjectStore } from '../object-store.js';
import type { RemoteKey } from '../remote-key.js';
import { DiskFullError, HashMismatchError, isDiskFull, ObjectNotFoundError } from '../storage-errors.js';
import type { HashAlgorithm, RetrySpec } from '../transfer-options.js';
import { createDigest, digestFilePrefix, hashFile } from './hashing.js';
import { withRetry } from './retry.js';
import { withStallGuard } from './stall-guard.js';
import type { TokenBucket } from './token-bucket.js';
import { TransferMeter } from './transfer-meter.js';

/** What one file transfer needs from its batch: where to, how to retry, hash and throttle, whom to tell. */
export interface TransferContext {
  store: ObjectStore;
  retry: RetrySpec;
  hashAlgorithm: HashAlgorithm;
  throttle: TokenBucket | null;
  signal?: AbortSignal;
  /** An attempt that moves no byte for this long is abandoned and retried. */
  stallTimeoutMs: number;
  /** Bytes of `key` moved so far in the current attempt (reset to 0 when an attempt restarts from scratch). */
  onFileBytes(key: RemoteKey, bytesSoFar: number): void;
  /** A failed attempt is about to be tried again. */
  onRetry(): void;
}

export interface UploadOutcome {
  key: RemoteKey;
  size: number;
  /** Hash of the bytes sent, or null for NONE. */
  hash: string | null;
}

export interface DownloadOutcome {
  key: RemoteKey;
  path: string;
  size: number;
  hash: string | null;
  /** The local file already had the expected hash; nothing was transferred. */
  skipped: boolean;
  /** Bytes kept from an earlier interrupted attempt (a ranged read continued from there). */
  resumedFrom: number;
}

/** Suffix of a download in progress; it is renamed to the target only after size and hash check out. */
export const PARTIAL_SUFFIX = '.icarus-partial';

/**
 * Errors from inside a body stream come raw from the SDKs; name the key and keep them retryable.
 * An AbortError is a cancellation only when the caller's own signal fired: some SDKs (Azure) also
 * report a connection cut mid-body as "The operation was aborted", which a retry fixes.
 */
export function streamFailure(key: RemoteKey, err: unknown, callerSignal: AbortSignal | undefined): unknown {
  if (err instanceof SidecarError) return err;
  if ((err as Error)?.name === 'AbortError' && callerSignal?.aborted) return err;
  return new UnavailableError(`${key}: transfer interrupted: ${(err as Error)?.message ?? String(err)}`, { cause: err });
}

/**
 * Appends the stream to the partial file through plain pipes (no per-chunk promises). When the source
 * breaks, the sink is ended rather than destroyed, so everything received is written out and a retry
 * continues right after the last byte that arrived (destroying it would drop its buffered chunks).
 */
function appendStream(path: string, append: boolean, source: Readable, meter: TransferMeter, signal?: AbortSignal): Promise<void> {
  const sink = createWriteStream(path, { flags: append ? 'a' : 'w', highWaterMark: 1 << 20 });
  return new Promise<void>((resolve, reject) => {
    let failure: unknown = null;
    const fail = (err: unknown): void => {
      if (failure !== null) return;
      failure = err;
      source.unpipe(meter);
      meter.unpipe(sink);
      source.destroy();
      sink.end();
    };
    const onAbort = (): void => fail(new CancelledError());
    signal?.addEventListener('abort', onAbort, { once: true });
    source.once('error', fail);
    meter.once('error', fail);
    sink.once('error', (err) => {
      failure ??= err;
      source.destroy();
    });
    sink.once('close', () => {
      signal?.removeEventListener('abort', onAbort);
      if (failure !== null) reject(failure);
      else resolve();
    });
    source.pipe(meter).pipe(sink);
  });
}

async function sizeOrNull(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}

/**
 * Downloads `key` to `path`, verified. An existing file with the expected hash is kept (restores
 * resume); bytes of an interrupted attempt are kept in `<path>.icarus-partial` and continued with a
 * ranged read, their hash recomputed from disk. A hash mismatch deletes the data and fails the file.
 */
export async function downloadWithRetry(
  ctx: TransferContext,
  key: RemoteKey,
  path: string,
  expectedHash: string | null,
): Promise<DownloadOutcome> {
  const verify = expectedHash !== null && ctx.hashAlgorithm !== 'NONE';
  const existing = await sizeOrNull(path);
  if (verify && existing !== null) {
    const hash = await hashFile(path, ctx.hashAlgorithm);
    if (hash === expectedHash) return { key, path, size: existing, hash, skipped: true, resumedFrom: 0 };
  }
  const partial = path + PARTIAL_SUFFIX;
  return withRetry(
    ctx.retry,
    () => withStallGuard(`download of ${key}`, ctx.stallTimeoutMs, ctx.signal, (signal, touch) => failOnFullDisk(path, key, async () => {
      await mkdir(dirname(path), { recursive: true });
      let offset = (await sizeOrNull(partial)) ?? 0;
      let total: number | null = null;
      if (offset > 0) {
        const info = await ctx.store.stat(key);
        if (!info) throw new ObjectNotFoundError(`${key} does not exist in bucket ${ctx.store.bucket}`);
        total = info.size;
        if (offset > total) {
          await rm(partial, { force: true });
          offset = 0;
        }
      }
      const digest = createDigest(ctx.hashAlgorithm);
      await digestFilePrefix(partial, offset, digest);
      ctx.onFileBytes(key, offset);
      if (total === null || offset < total) {
        const read = await ctx.store.read(key, offset, signal).catch((err: unknown) => {
          throw streamFailure(key, err, ctx.signal);
        });
        total = read.size;
        const meter = new TransferMeter(digest, ctx.throttle, () => {
          touch();
          ctx.onFileBytes(key, offset + meter.bytes);
        }, signal);
        await appendStream(partial, offset > 0, read.stream, meter, signal).catch((err: unknown) => {
          throw streamFailure(key, err, ctx.signal);
        });
      }
      const got = (await sizeOrNull(partial)) ?? 0;
      if (got !== total) throw new UnavailableError(`${key}: downloaded ${got} of ${total} bytes`);
      const hash = digest.digest();
      if (verify && hash !== expectedHash) {
        await rm(partial, { force: true });
        throw new HashMismatchError(key, path, expectedHash, hash);
      }
      await rename(partial, path);
      return { key, path, size: total, hash, skipped: false, resumedFrom: offset };
    })),
    ctx.signal,
    ctx.onRetry,
  );
}

/**
 * Runs one download attempt; when the disk is full, removes the partial file (its bytes are of no
 * use until space is freed, and they hold space others need) and fails for good with DiskFullError.
 */
async function failOnFullDisk<T>(path: string, key: RemoteKey, attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (err) {
    const cause = err instanceof UnavailableError && isDiskFull(err.cause) ? err.cause : err;
    if (!isDiskFull(cause)) throw err;
    await rm(path + PARTIAL_SUFFIX, { force: true });
    throw new DiskFullError(path, key, cause);
  }
}
