import type { Readable } from 'node:stream';
import type { FreshenResult, ObjectInfo } from './object-store.js';
import type { RemoteKey } from './remote-key.js';
import type { StorageLocation } from './storage-location.js';
import type { DownloadOutcome, UploadOutcome } from './transfer/file-transfers.js';

export type { FreshenResult, ObjectInfo } from './object-store.js';
export type { DownloadOutcome, UploadOutcome } from './transfer/file-transfers.js';

/** Byte-level progress of one call; `totalBytes` is null while unknown (streams, downloads before their first answer). */
export interface TransferProgress {
  key: RemoteKey;
  fileBytes: number;
  transferredBytes: number;
  totalBytes: number | null;
}

export interface CallOptions {
  /** Aborts transfers in flight and fails the call with CancelledError. */
  signal?: AbortSignal;
  onProgress?: (progress: TransferProgress) => void;
  /** uploadFiles: called as each item is done (uploaded or skipped), before the whole batch is. */
  onItemDone?: (outcome: UploadItemOutcome) => void;
}

export interface UploadItem {
  key: RemoteKey;
  path: string;
  /** Skip the freshen step and always upload (manifests, files known to be new). */
  force?: boolean;
}

/** An upload that was skipped because the object already existed (and was freshened) has `skipped: true`. */
export interface UploadItemOutcome extends Partial<UploadOutcome> {
  key: RemoteKey;
  skipped: boolean;
}

export interface DownloadItem {
  key: RemoteKey;
  path: string;
  /** The manifest's hash (in the provider's hash algorithm); null downloads without verification. */
  expectedHash: string | null;
}

/**
 * What backup and restore use to move bytes, whatever the backend (chosen by the location's scheme).
 * Keys come from `location.nodeKey(...)` (under `<cluster>/<dc>/<node>/`) or `location.bucketKey(...)`.
 * Transfers are parallel, throttled, retried, hashed (local files in a worker thread, streams while
 * streaming) and cancellable, per the request options the provider was created with.
 */
export interface StorageProvider {
  readonly location: StorageLocation;
  /** Checks (and with createMissingBucket creates) the bucket; does nothing with skipBucketVerification. */
  ensureBucket(): Promise<void>;
  exists(key: RemoteKey): Promise<boolean>;
  /** Esop §4.7: FRESHENED means already there (its age renewed unless skipRefreshing), so skip the upload. */
  freshen(key: RemoteKey): Promise<FreshenResult>;
  uploadFile(key: RemoteKey, path: string, options?: CallOptions): Promise<UploadOutcome>;
  /** `open` is called once per attempt, so a retried upload gets a fresh stream. */
  uploadStream(key: RemoteKey, open: () => Readable, options?: CallOptions): Promise<UploadOutcome>;
  uploadText(key: RemoteKey, text: string, options?: CallOptions): Promise<UploadOutcome>;
  /** Freshens each item (unless forced) and uploads what is missing, `concurrentConnections` at a time. */
  uploadFiles(items: readonly UploadItem[], options?: CallOptions): Promise<UploadItemOutcome[]>;
  downloadFile(key: RemoteKey, path: string, expectedHash: string | null, options?: CallOptions): Promise<DownloadOutcome>;
  downloadFiles(items: readonly DownloadItem[], options?: CallOptions): Promise<DownloadOutcome[]>;
  downloadText(key: RemoteKey, options?: CallOptions): Promise<string>;
  /** Size and hash (in the provider's algorithm) of a stored object, read through without keeping it. */
  remoteHash(key: RemoteKey, options?: CallOptions): Promise<{ size: number; hash: string | null }>;
  /** Objects whose key starts with `prefix` (a RemoteKey or the start of one), sorted by key. */
  list(prefix: string): Promise<ObjectInfo[]>;
  /** Deletes the keys in batches; absent keys are ignored. */
  delete(keys: readonly RemoteKey[]): Promise<void>;
  close(): Promise<void>;
}
