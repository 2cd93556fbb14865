import type { BlobServiceClient, BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { UpstreamError } from '../../common/errors.js';
import type { FreshenResult, ObjectInfo, ObjectStore, ReadResult, WriteOptions } from '../object-store.js';
import { listedKey, type RemoteKey } from '../remote-key.js';
import { fromHttpStatus, ObjectNotFoundError, redact } from '../storage-errors.js';
import { runParallel } from '../../common/parallel.js';

const BLOCK_SIZE = 8 * 1024 * 1024;
const BLOCKS_IN_FLIGHT = 4;
const DELETE_CONCURRENCY = 16;
/** Esop retries container creation every 5 s while Azure is still deleting a container of that name. */
const CONTAINER_BEING_DELETED_WAIT_MS = 5_000;
const CONTAINER_BEING_DELETED_TRIES = 12;

interface RestErrorLike {
  statusCode?: number;
  code?: string;
  message?: string;
}

/** Azure Blob Storage (block blobs) through @azure/storage-blob 12; the bucket is a container. */
export class AzureObjectStore implements ObjectStore {
  private readonly container: ContainerClient;

  constructor(
    service: BlobServiceClient,
    readonly bucket: string,
    private readonly secrets: readonly string[],
  ) {
    this.container = service.getContainerClient(bucket);
  }

  private blob(key: RemoteKey): BlockBlobClient {
    return this.container.getBlockBlobClient(key);
  }

  private fail(what: string, err: unknown): Error {
    const e = err as RestErrorLike;
    const message = redact(`Azure ${what} failed: ${e?.code ?? ''} ${e?.message ?? String(err)}`.replace(/\s+/g, ' '), this.secrets);
    return fromHttpStatus(e?.statusCode, message, undefined);
  }

  async bucketExists(): Promise<boolean> {
    try {
      return await this.container.exists();
    } catch (err) {
      throw this.fail(`container check of ${this.bucket}`, err);
    }
  }

  async createBucket(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.container.create();
        return;
      } catch (err) {
        const code = (err as RestErrorLike).code;
        if (code === 'ContainerAlreadyExists') return;
        if (code !== 'ContainerBeingDeleted' || attempt >= CONTAINER_BEING_DELETED_TRIES) {
          throw this.fail(`container creation of ${this.bucket}`, err);
        }
        await sleep(CONTAINER_BEING_DELETED_WAIT_MS);
      }
    }
  }

  async stat(key: RemoteKey): Promise<ObjectInfo | null> {
    try {
      const p = await this.blob(key).getProperties();
      return { key, size: p.contentLength ?? 0, lastModified: p.lastModified ?? new Date(0) };
    } catch (err) {
      if ((err as RestErrorLike).statusCode === 404) return null;
      throw this.fail(`properties of ${key}`, err);
    }
  }

  /** Esop: refresh = set metadata `LastFreshened=<now>`; with skipRefreshing only an existence check. */
  async freshen(key: RemoteKey, skipRefreshing: boolean): Promise<FreshenResult> {
    try {
      const blob = this.blob(key);
      const props = await blob.getProperties();
      if (!skipRefreshing) await blob.setMetadata({ ...props.metadata, LastFreshened: new Date().toISOString() });
      return 'FRESHENED';
    } catch (err) {
      if ((err as RestErrorLike).statusCode === 404) return 'UPLOAD_REQUIRED';
      throw this.fail(`refresh of ${key}`, err);
    }
  }

  async write(key: RemoteKey, body: Readable, options: WriteOptions): Promise<void> {
    try {
      await this.blob(key).uploadStream(body, BLOCK_SIZE, BLOCKS_IN_FLIGHT, { abortSignal: options.signal });
    } catch (err) {
      throw this.fail(`upload of ${key}`, err);
    }
  }

  async read(key: RemoteKey, offset: number, signal?: AbortSignal): Promise<ReadResult> {
    try {
      // maxRetryRequests 0: a broken body surfaces to our retry layer, which resumes from the partial file.
      const out = await this.blob(key).download(offset, undefined, { abortSignal: signal, maxRetryRequests: 0 });
      const total = offset > 0 ? Number(/\/(\d+)$/.exec(out.contentRange ?? '')?.[1]) : (out.contentLength ?? 0);
      if (!out.readableStreamBody || !Number.isFinite(total)) throw new UpstreamError(`Azure download of ${key}: no body or size`);
      return { stream: out.readableStreamBody as Readable, size: total };
    } catch (err) {
      if ((err as RestErrorLike).statusCode === 404) throw new ObjectNotFoundError(`${key} does not exist in container ${this.bucket}`);
      if (err instanceof UpstreamError) throw err;
      throw this.fail(`download of ${key}`, err);
    }
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    try {
      for await (const item of this.container.listBlobsFlat({ prefix })) {
        yield { key: listedKey(item.name), size: item.properties.contentLength ?? 0, lastModified: item.properties.lastModified };
      }
    } catch (err) {
      throw this.fail(`listing of ${prefix}`, err);
    }
  }

  async delete(keys: readonly RemoteKey[]): Promise<void> {
    const { failures } = await runParallel(keys, DELETE_CONCURRENCY, (key) => this.blob(key).deleteIfExists());
    if (failures.length > 0) throw this.fail(`delete of ${keys[failures[0].index]}`, failures[0].error);
  }

  async close(): Promise<void> {}
}
