import { rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ObjectInfo, ObjectStore } from '../object-store.js';
import type { RemoteKey } from '../remote-key.js';
import { BucketNotFoundError, DiskFullError, TransferFailedError } from '../storage-errors.js';
import type { StorageLocation } from '../storage-location.js';
import type { StorageRequestOptions } from '../storage-options.js';
import type {
  CallOptions,
  DownloadItem,
  StorageProvider,
  UploadItem,
  UploadItemOutcome,
} from '../storage-provider.js';
import { effectiveRate } from '../transfer-options.js';
import { downloadWithRetry, type DownloadOutcome, PARTIAL_SUFFIX, type TransferContext, type UploadOutcome } from './file-transfers.js';
import { uploadFileWithRetry, uploadWithRetry } from './uploads.js';
import { runParallel } from '../../common/parallel.js';
import { metrics, type TransferDirection } from '../../metrics/sink.js';
import { createDigest } from './hashing.js';
import { withRetry } from './retry.js';
import { TokenBucket } from './token-bucket.js';
import { DEFAULT_STALL_TIMEOUT_MS, withStallGuard } from './stall-guard.js';

/** StorageProvider over any ObjectStore: adds parallelism, the shared throttle, retries, hashing and progress. */
export class TransferringStorageProvider implements StorageProvider {
  constructor(
    readonly location: StorageLocation,
    private readonly store: ObjectStore,
    private readonly options: StorageRequestOptions,
    private readonly stallTimeoutMs: number = DEFAULT_STALL_TIMEOUT_MS,
  ) {}

  /** Counts a retry of this provider for /metrics. */
  private readonly onRetry = (): void => metrics.storageRetry(this.location.provider);

  async ensureBucket(): Promise<void> {
    if (this.options.skipBucketVerification) return;
    if (await withRetry(this.options.retry, () => this.store.bucketExists(), undefined, this.onRetry)) return;
    // A file:// "bucket" is only a directory: Esop's local provider never refuses a missing one, and
    // existing requests (Icarus' own tests, CassKop) rely on that.
    if (!this.options.createMissingBucket && this.location.provider !== 'file') throw new BucketNotFoundError(this.store.bucket);
    await withRetry(this.options.retry, () => this.store.createBucket(), undefined, this.onRetry);
  }

  async exists(key: RemoteKey): Promise<boolean> {
    return (await withRetry(this.options.retry, () => this.store.stat(key), undefined, this.onRetry)) !== null;
  }

  freshen(key: RemoteKey) {
    return withRetry(this.options.retry, () => this.store.freshen(key, this.options.skipRefreshing), undefined, this.onRetry);
  }

  uploadFile(key: RemoteKey, path: string, options: CallOptions = {}): Promise<UploadOutcome> {
    return uploadFileWithRetry(this.context('upload', options, null), key, path);
  }

  uploadStream(key: RemoteKey, open: () => Readable, options: CallOptions = {}): Promise<UploadOutcome> {
    return uploadWithRetry(this.context('upload', options, null), key, open);
  }

  uploadText(key: RemoteKey, text: string, options: CallOptions = {}): Promise<UploadOutcome> {
    const bytes = Buffer.from(text, 'utf8');
    return uploadWithRetry(this.context('upload', options, bytes.length), key, () => Readable.from([bytes]), bytes.length);
  }

  async uploadFiles(items: readonly UploadItem[], options: CallOptions = {}): Promise<UploadItemOutcome[]> {
    const sizes = await Promise.all(items.map(async (item) => (await stat(item.path)).size));
    const ctx = this.context('upload', options, sizes.reduce((a, b) => a + b, 0));
    const done = (outcome: UploadItemOutcome): UploadItemOutcome => {
      options.onItemDone?.(outcome);
      return outcome;
    };
    const { results, failures } = await runParallel(
      items,
      this.options.concurrentConnections,
      async (item): Promise<UploadItemOutcome> => {
        if (!item.force && (await withRetry(
            ctx.retry,
            () => withStallGuard(`refresh of ${item.key}`, this.stallTimeoutMs, ctx.signal, () => this.store.freshen(item.key, this.options.skipRefreshing)),
            ctx.signal,
            ctx.onRetry,
          )) === 'FRESHENED') {
          return done({ key: item.key, skipped: true });
        }
        return done({ ...(await uploadFileWithRetry(ctx, item.key, item.path)), skipped: false });
      },
      options.signal,
    );
    if (failures.length > 0) {
      throw new TransferFailedError('upload', failures.map((f) => ({ key: items[f.index].key, error: f.error })));
    }
    return results as UploadItemOutcome[];
  }

  downloadFile(key: RemoteKey, path: string, expectedHash: string | null, options: CallOptions = {}): Promise<DownloadOutcome> {
    return downloadWithRetry(this.context('download', options, null), key, path, expectedHash);
  }

  async downloadFiles(items: readonly DownloadItem[], options: CallOptions = {}): Promise<DownloadOutcome[]> {
    const ctx = this.context('download', options, null);
    const { results, failures } = await runParallel(
      items,
      this.options.concurrentConnections,
      (item) => downloadWithRetry(ctx, item.key, item.path, item.expectedHash),
      options.signal,
    );
    if (failures.length > 0) {
      // A full disk ends the batch for good: partial files kept from earlier attempts only hold space now.
      if (failures.some((f) => f.error instanceof DiskFullError)) {
        await Promise.all(items.map((item) => rm(item.path + PARTIAL_SUFFIX, { force: true }).catch(() => undefined)));
      }
      throw new TransferFailedError('download', failures.map((f) => ({ key: items[f.index].key, error: f.error })));
    }
    return results as DownloadOutcome[];
  }

  async downloadText(key: RemoteKey, options: CallOptions = {}): Promise<string> {
    return withRetry(
      this.options.retry,
      async () => {
        const { stream } = await this.store.read(key, 0, options.signal);
        const chunks: Buffer[] = [];
        for await (const chunk of stream) {
          chunks.push(chunk as Buffer);
          metrics.transferredBytes(this.location.provider, 'download', (chunk as Buffer).length);
        }
        return Buffer.concat(chunks).toString('utf8');
      },
      options.signal,
      this.onRetry,
    );
  }

  remoteHash(key: RemoteKey, options: CallOptions = {}): Promise<{ size: number; hash: string | null }> {
    return withRetry(
      this.options.retry,
      () => withStallGuard(`read of ${key}`, this.stallTimeoutMs, options.signal, async (signal, touch) => {
        const { stream } = await this.store.read(key, 0, signal);
        const digest = createDigest(this.options.hashAlgorithm);
        let size = 0;
        for await (const chunk of stream) {
          touch();
          digest.update(chunk as Buffer);
          size += (chunk as Buffer).length;
          metrics.transferredBytes(this.location.provider, 'download', (chunk as Buffer).length);
        }
        return { size, hash: digest.digest() };
      }),
      options.signal,
      this.onRetry,
    );
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    return withRetry(this.options.retry, async () => {
      const out: ObjectInfo[] = [];
      for await (const info of this.store.list(prefix)) out.push(info);
      return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    }, undefined, this.onRetry);
  }

  delete(keys: readonly RemoteKey[]): Promise<void> {
    return withRetry(this.options.retry, () => this.store.delete(keys), undefined, this.onRetry);
  }

  close(): Promise<void> {
    return this.store.close();
  }

  /**
   * One context per call: its token bucket is shared by all files of the call. The rate follows
   * Esop's max(bandwidth, size/duration); `duration` needs the call's total size, so it applies to
   * batches and text, while single streams of unknown size honour `bandwidth` only.
   */
  private context(direction: TransferDirection, options: CallOptions, totalBytes: number | null): TransferContext {
    const rate = effectiveRate(this.options.bandwidth, totalBytes === null ? null : this.options.duration, totalBytes ?? 0);
    const perFile = new Map<RemoteKey, number>();
    const countBytes = wireByteCounter((bytes) => metrics.transferredBytes(this.location.provider, direction, bytes));
    let transferred = 0;
    return {
      store: this.store,
      retry: this.options.retry,
      hashAlgorithm: this.options.hashAlgorithm,
      throttle: rate === null ? null : new TokenBucket(rate),
      signal: options.signal,
      stallTimeoutMs: this.stallTimeoutMs,
      onRetry: this.onRetry,
      onFileBytes: (key, bytesSoFar) => {
        countBytes(key, bytesSoFar);
        transferred += bytesSoFar - (perFile.get(key) ?? 0);
        perFile.set(key, bytesSoFar);
        options.onProgress?.({ key, fileBytes: bytesSoFar, transferredBytes: transferred, totalBytes });
      },
    };
  }
}

/**
 * Turns the per-file "bytes so far" reports into bytes that really crossed the wire. A file's first
 * report is where its transfer starts (0, or a partial download kept from an earlier run, which is
 * not moved again); a report lower than the last one is a retry starting over, whose bytes count again.
 */
export function wireByteCounter(count: (bytes: number) => void): (key: RemoteKey, bytesSoFar: number) => void {
  const last = new Map<RemoteKey, number>();
  return (key, bytesSoFar) => {
    const previous = last.get(key);
    last.set(key, bytesSoFar);
    if (previous !== undefined && bytesSoFar > previous) count(bytesSoFar - previous);
  };
}
