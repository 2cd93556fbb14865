import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { UnavailableError } from '../../common/errors.js';
import type { RemoteKey } from '../remote-key.js';
import { streamFailure, type TransferContext, type UploadOutcome } from './file-transfers.js';
import { hashFileInWorker } from './hash-pool.js';
import { createDigest, type Digest } from './hashing.js';
import { withRetry } from './retry.js';
import { withStallGuard } from './stall-guard.js';
import { TransferMeter } from './transfer-meter.js';

/** Uploads what `open()` yields, hashed while streaming; `open` is called again for every retry, since a stream is read only once. */
export function uploadWithRetry(ctx: TransferContext, key: RemoteKey, open: () => Readable, size?: number): Promise<UploadOutcome> {
  return withRetry(
    ctx.retry,
    () => withStallGuard(`upload of ${key}`, ctx.stallTimeoutMs, ctx.signal, async (signal, touch) => {
      ctx.onFileBytes(key, 0);
      const digest = createDigest(ctx.hashAlgorithm);
      const bytes = await send(ctx, key, open(), digest, size, signal, touch);
      return { key, size: bytes, hash: digest.digest() };
    }),
    ctx.signal,
    ctx.onRetry,
  );
}

/**
 * Uploads a local file. Backups upload snapshot files, hard links to SSTables that never change, so
 * the file is hashed in a worker thread while its bytes go to the store, and this thread only moves
 * bytes: unthrottled, a store that can reads the file itself (file:// copies it in the kernel, S3
 * reads parts straight into its buffers); otherwise it is streamed. Both sides check the byte
 * count, so a file that changed length meanwhile still fails the upload.
 */
export async function uploadFileWithRetry(ctx: TransferContext, key: RemoteKey, path: string): Promise<UploadOutcome> {
  const { size } = await stat(path);
  const algorithm = ctx.hashAlgorithm;
  const hashing = algorithm === 'NONE' ? null : hashFileInWorker(path, algorithm, ctx.signal);
  // Awaited once the bytes are sent; an upload that fails first must not leave it unhandled.
  hashing?.catch(() => undefined);
  const direct = ctx.throttle === null && ctx.store.readsLocalFiles === true;
  await withRetry(
    ctx.retry,
    () => withStallGuard(`upload of ${key}`, ctx.stallTimeoutMs, ctx.signal, async (signal, touch) => {
      ctx.onFileBytes(key, 0);
      if (!direct) return send(ctx, key, createReadStream(path, { highWaterMark: 1 << 20 }), createDigest('NONE'), size, signal, touch);
      const onBytes = (bytes: number): void => {
        touch();
        ctx.onFileBytes(key, bytes);
      };
      const body = createReadStream(path);
      try {
        await ctx.store.write(key, body, { size, signal, localFile: path, onBytes }).catch((err: unknown) => {
          throw streamFailure(key, err, ctx.signal);
        });
      } finally {
        body.destroy();
      }
      return size;
    }),
    ctx.signal,
    ctx.onRetry,
  );
  const hashed = await hashing;
  if (hashed && hashed.bytes !== size) {
    throw new UnavailableError(`${key}: sent ${size} bytes of ${path} but hashed ${hashed.bytes}; did the file change during upload?`);
  }
  return { key, size, hash: hashed?.hash ?? null };
}

/** One attempt: `source` through the meter (hash, throttle, progress) into the store. Resolves to the bytes sent. */
async function send(
  ctx: TransferContext,
  key: RemoteKey,
  source: Readable,
  digest: Digest,
  size: number | undefined,
  signal: AbortSignal,
  touch: () => void,
): Promise<number> {
  const meter = new TransferMeter(digest, ctx.throttle, () => {
    touch();
    ctx.onFileBytes(key, meter.bytes);
  }, signal);
  source.once('error', (err) => meter.destroy(err));
  source.pipe(meter);
  try {
    await ctx.store.write(key, meter, { size, signal }).catch((err: unknown) => {
      throw streamFailure(key, err, ctx.signal);
    });
  } finally {
    source.destroy();
    meter.destroy();
  }
  if (size !== undefined && meter.bytes !== size) {
    throw new UnavailableError(`${key}: sent ${meter.bytes} bytes but expected ${size}; did the file change during upload?`);
  }
  return meter.bytes;
}
