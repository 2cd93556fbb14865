import type { Readable } from 'node:stream';
import type { RemoteKey } from './remote-key.js';

/** Outcome of Esop's `freshenRemoteObject` (§4.7): the object is there (and was touched), or it must be uploaded. */
export type FreshenResult = 'FRESHENED' | 'UPLOAD_REQUIRED';

export interface ObjectInfo {
  key: RemoteKey;
  size: number;
  lastModified: Date;
}

export interface WriteOptions {
  /** Bytes the body will deliver, when known; lets a backend choose single-shot vs multipart. */
  size?: number;
  signal?: AbortSignal;
  /**
   * The body is exactly this local file, unthrottled. A store that `readsLocalFiles` reads (or
   * copies) the file itself instead of the body, which it destroys; it reports its progress through
   * `onBytes` and fails unless it sent `size` bytes.
   */
  localFile?: string;
  /** With `localFile`: bytes of it stored so far. */
  onBytes?(bytes: number): void;
}

export interface ReadResult {
  /** Object bytes from the requested offset to the end. */
  stream: Readable;
  /** Size of the whole object, not of the range. */
  size: number;
}

/**
 * The primitives one backend (S3, GCS, Azure, local file) offers. Every call is a single attempt:
 * retries, throttling, hashing and progress live in the transfer layer above, so they behave the same
 * on every backend. Errors are mapped to src/common domain errors and carry no secrets.
 */
export interface ObjectStore {
  readonly bucket: string;
  /** write() reads `localFile` itself when given one, so the caller need not stream it. */
  readonly readsLocalFiles?: boolean;
  bucketExists(): Promise<boolean>;
  /** Creates the bucket; an existing bucket we own is not an error. */
  createBucket(): Promise<void>;
  stat(key: RemoteKey): Promise<ObjectInfo | null>;
  /** Esop's freshen: with `skipRefreshing` only checks existence, otherwise also renews the object's age. */
  freshen(key: RemoteKey, skipRefreshing: boolean): Promise<FreshenResult>;
  /** Streams `body` to `key`, replacing any existing object. Consumes the body once. */
  write(key: RemoteKey, body: Readable, options: WriteOptions): Promise<void>;
  /** Opens the object from `offset` (a ranged read when offset > 0). ObjectNotFoundError when absent. */
  read(key: RemoteKey, offset: number, signal?: AbortSignal): Promise<ReadResult>;
  /** Every object whose key starts with `prefix`, in no particular order. */
  list(prefix: string): AsyncIterable<ObjectInfo>;
  /** Deletes the keys (batched where the service allows); absent keys are ignored. */
  delete(keys: readonly RemoteKey[]): Promise<void>;
  close(): Promise<void>;
}
