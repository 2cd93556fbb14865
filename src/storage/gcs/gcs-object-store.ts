import type { File, Storage } from '@google-cloud/storage';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FreshenResult, ObjectInfo, ObjectStore, ReadResult, WriteOptions } from '../object-store.js';
import { listedKey, type RemoteKey } from '../remote-key.js';
import { fromHttpStatus, ObjectNotFoundError } from '../storage-errors.js';
import { runParallel } from '../../common/parallel.js';

/** Below this size a single multipart request is cheaper than a resumable session. */
const RESUMABLE_THRESHOLD = 8 * 1024 * 1024;
const DELETE_CONCURRENCY = 16;

function statusOf(err: unknown): number | undefined {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}

/** Google Cloud Storage through @google-cloud/storage 7 (JSON API; works against fake-gcs-server). */
export class GcsObjectStore implements ObjectStore {
  constructor(
    private readonly storage: Storage,
    readonly bucket: string,
  ) {}

  private file(key: RemoteKey): File {
    return this.storage.bucket(this.bucket).file(key);
  }

  private fail(what: string, err: unknown): Error {
    return fromHttpStatus(statusOf(err), `GCS ${what} failed: ${(err as Error)?.message ?? String(err)}`, undefined);
  }

  async bucketExists(): Promise<boolean> {
    try {
      const [exists] = await this.storage.bucket(this.bucket).exists();
      return exists;
    } catch (err) {
      throw this.fail(`bucket check of ${this.bucket}`, err);
    }
  }

  async createBucket(): Promise<void> {
    try {
      await this.storage.createBucket(this.bucket);
    } catch (err) {
      if (statusOf(err) === 409) return; // "You already own this bucket."
      throw this.fail(`bucket creation of ${this.bucket}`, err);
    }
  }

  async stat(key: RemoteKey): Promise<ObjectInfo | null> {
    try {
      const [meta] = await this.file(key).getMetadata();
      return { key, size: Number(meta.size ?? 0), lastModified: new Date(meta.updated ?? 0) };
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw this.fail(`metadata of ${key}`, err);
    }
  }

  /** Esop: refresh = rewrite the object onto itself (its age restarts); with skipRefreshing only an existence check. */
  async freshen(key: RemoteKey, skipRefreshing: boolean): Promise<FreshenResult> {
    if (skipRefreshing) return (await this.stat(key)) ? 'FRESHENED' : 'UPLOAD_REQUIRED';
    try {
      await this.file(key).copy(this.file(key));
      return 'FRESHENED';
    } catch (err) {
      if (statusOf(err) === 404) return 'UPLOAD_REQUIRED';
      throw this.fail(`refresh of ${key}`, err);
    }
  }

  async write(key: RemoteKey, body: Readable, options: WriteOptions): Promise<void> {
    const sink = this.file(key).createWriteStream({
      resumable: options.size === undefined || options.size > RESUMABLE_THRESHOLD,
      validation: false, // our transfer layer hashes every byte already
      metadata: { contentType: 'application/octet-stream' },
    });
    try {
      await pipeline(body, sink, { signal: options.signal });
    } catch (err) {
      throw this.fail(`upload of ${key}`, err);
    }
  }

  /**
   * One request per read (no metadata call first): the object size comes from the media answer's
   * headers. The SDK only sends the request once the stream is read, so a zero-byte read starts it.
   */
  async read(key: RemoteKey, offset: number): Promise<ReadResult> {
    // GCS answers 416 to a range on an empty object, so ask for a range only when continuing.
    const stream = this.file(key).createReadStream({ ...(offset > 0 ? { start: offset } : {}), validation: false, decompress: false });
    const size = await new Promise<number>((resolve, reject) => {
      stream.once('response', (res: { statusCode?: number; headers: Record<string, string | undefined> }) => {
        const range = /\/(\d+)$/.exec(res.headers['content-range'] ?? '')?.[1];
        const stored = res.headers['x-goog-stored-content-length'] ?? res.headers['content-length'];
        resolve(Number(offset > 0 ? range : (stored ?? range)));
      });
      stream.once('error', reject);
      stream.read(0);
    }).catch((err: unknown) => {
      stream.destroy();
      if (statusOf(err) === 404) throw new ObjectNotFoundError(`${key} does not exist in bucket ${this.bucket}`);
      throw this.fail(`download of ${key}`, err);
    });
    if (!Number.isFinite(size)) {
      stream.destroy();
      throw this.fail(`download of ${key}`, new Error('no object size in the answer'));
    }
    return { stream, size };
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    let query: { prefix: string; autoPaginate: false; pageToken?: string; maxResults: number } | null = {
      prefix,
      autoPaginate: false,
      maxResults: 1000,
    };
    while (query) {
      let files: File[];
      let next: { pageToken?: string } | null;
      try {
        [files, next] = (await this.storage.bucket(this.bucket).getFiles(query)) as unknown as [File[], { pageToken?: string } | null];
      } catch (err) {
        throw this.fail(`listing of ${prefix}`, err);
      }
      for (const f of files) {
        yield { key: listedKey(f.name), size: Number(f.metadata.size ?? 0), lastModified: new Date(f.metadata.updated ?? 0) };
      }
      query = next?.pageToken ? { ...query, pageToken: next.pageToken } : null;
    }
  }

  /** The Node SDK has no batch delete; deletes run in parallel instead. */
  async delete(keys: readonly RemoteKey[]): Promise<void> {
    const { failures } = await runParallel(keys, DELETE_CONCURRENCY, (key) => this.file(key).delete({ ignoreNotFound: true }));
    if (failures.length > 0) throw this.fail(`delete of ${keys[failures[0].index]}`, failures[0].error);
  }

  async close(): Promise<void> {}
}
