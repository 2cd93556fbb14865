import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type HeadObjectCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { UnavailableError, UpstreamError } from '../../common/errors.js';
import type { FreshenResult, ObjectInfo, ObjectStore, ReadResult, WriteOptions } from '../object-store.js';
import { listedKey, type RemoteKey } from '../remote-key.js';
import { fromHttpStatus, ObjectNotFoundError, redact } from '../storage-errors.js';
import { PartBuffers } from './part-buffers.js';
import { fileSource, streamSource } from './part-source.js';
import { uploadObject } from './s3-upload.js';

const MiB = 1024 * 1024;
/** S3 refuses CopyObject above 5 GiB; such objects are only checked for existence on freshen. */
const MAX_COPY_BYTES = 5 * 1024 * MiB;
const DELETE_BATCH = 1000;

export interface S3StoreTuning {
  /** Multipart part size. */
  partSize: number;
  /** Parts of one file uploaded in parallel, buffers permitting. */
  queueSize: number;
  /** Holds the parts of every upload of the process, whatever concurrentConnections is. */
  buffers: PartBuffers;
}

/**
 * 48 MiB of parts for the whole process: a single file still gets its 4 parts in flight plus the one
 * being read, and ten files at once share six instead of holding forty (a raw lib-storage upload of
 * a 2 GiB node peaks above 500 MB of RSS).
 */
export const DEFAULT_S3_TUNING: S3StoreTuning = { partSize: 8 * MiB, queueSize: 4, buffers: new PartBuffers(48 * MiB, 8 * MiB) };

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** S3 and S3-compatible stores through the AWS SDK v3. */
export class S3ObjectStore implements ObjectStore {
  readonly readsLocalFiles = true;

  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
    private readonly kmsKeyId: string | null,
    private readonly secrets: readonly string[],
    private readonly tuning: S3StoreTuning = DEFAULT_S3_TUNING,
  ) {}

  private fail(what: string, err: unknown): Error {
    const e = err as SdkError;
    const message = redact(`S3 ${what} failed: ${e?.name ?? 'Error'}: ${e?.message ?? String(err)}`, this.secrets);
    return fromHttpStatus(e?.$metadata?.httpStatusCode, message, undefined);
  }

  private notFound(err: unknown): boolean {
    const e = err as SdkError;
    return e?.$metadata?.httpStatusCode === 404 || e?.name === 'NotFound' || e?.name === 'NoSuchKey';
  }

  private get encryption() {
    return this.kmsKeyId ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: this.kmsKeyId } : {};
  }

  async bucketExists(): Promise<boolean> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return true;
    } catch (err) {
      if (this.notFound(err) || (err as SdkError).name === 'NoSuchBucket') return false;
      throw this.fail(`HeadBucket ${this.bucket}`, err);
    }
  }

  async createBucket(): Promise<void> {
    const region = await this.client.config.region();
    try {
      await this.client.send(
        new CreateBucketCommand({
          Bucket: this.bucket,
          ...(region && region !== 'us-east-1' ? { CreateBucketConfiguration: { LocationConstraint: region as never } } : {}),
        }),
      );
    } catch (err) {
      const name = (err as SdkError).name;
      if (name === 'BucketAlreadyOwnedByYou' || name === 'BucketAlreadyExists') return;
      throw this.fail(`CreateBucket ${this.bucket}`, err);
    }
  }

  private async head(key: RemoteKey): Promise<HeadObjectCommandOutput | null> {
    try {
      return await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (err) {
      if (this.notFound(err)) return null;
      throw this.fail(`HeadObject ${key}`, err);
    }
  }

  async stat(key: RemoteKey): Promise<ObjectInfo | null> {
    const head = await this.head(key);
    return head ? { key, size: head.ContentLength ?? 0, lastModified: head.LastModified ?? new Date(0) } : null;
  }

  /**
   * Missing → upload. Encrypted with another KMS key than requested → upload again (Esop re-encrypts).
   * Unless skipRefreshing, copy the object onto itself so its age restarts and lifecycle rules keep it
   * (Esop's S3 refresh did nothing, so lifecycle expiry could delete objects still referenced).
   */
  async freshen(key: RemoteKey, skipRefreshing: boolean): Promise<FreshenResult> {
    const head = await this.head(key);
    if (!head) return 'UPLOAD_REQUIRED';
    if (this.kmsKeyId && !(head.SSEKMSKeyId ?? '').endsWith(this.kmsKeyId)) return 'UPLOAD_REQUIRED';
    if (skipRefreshing || (head.ContentLength ?? 0) > MAX_COPY_BYTES) return 'FRESHENED';
    try {
      await this.client.send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          Key: key,
          CopySource: `${this.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`,
          MetadataDirective: 'REPLACE',
          // Self-copies must change something; the stamp also shows when an object was last referenced.
          Metadata: { ...head.Metadata, 'last-freshened': new Date().toISOString() },
          ...this.encryption,
        }),
      );
    } catch (err) {
      if (this.notFound(err)) return 'UPLOAD_REQUIRED';
      throw this.fail(`CopyObject (refresh) ${key}`, err);
    }
    return 'FRESHENED';
  }

  /** Parts are read straight from a local file when the caller names one (no stream), else copied from the body. */
  async write(key: RemoteKey, body: Readable, options: WriteOptions): Promise<void> {
    if (options.localFile !== undefined) body.destroy();
    const source = options.localFile !== undefined ? await fileSource(options.localFile) : streamSource(body);
    // S3 allows 10,000 parts, so very large files get larger parts.
    const partSize = Math.max(this.tuning.partSize, Math.ceil((options.size ?? 0) / 10_000));
    const { queueSize, buffers } = this.tuning;
    let sent;
    try {
      sent = await uploadObject(
        { client: this.client, bucket: this.bucket, key, encryption: this.encryption, partSize, queueSize, buffers, signal: options.signal, onBytes: options.onBytes },
        source,
        options.size,
      );
    } catch (err) {
      throw this.fail(`upload of ${key}`, err);
    } finally {
      await source.close();
    }
    if (options.localFile !== undefined && options.size !== undefined && sent !== options.size) {
      throw new UnavailableError(`${options.localFile}: sent ${sent} bytes but expected ${options.size}; did the file change during upload?`);
    }
  }

  async read(key: RemoteKey, offset: number, signal?: AbortSignal): Promise<ReadResult> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(offset > 0 ? { Range: `bytes=${offset}-` } : {}) }),
        { abortSignal: signal },
      );
      const total = offset > 0 ? Number(/\/(\d+)$/.exec(out.ContentRange ?? '')?.[1]) : (out.ContentLength ?? 0);
      if (!Number.isFinite(total)) throw new UpstreamError(`S3 GetObject ${key}: no object size in the answer`);
      return { stream: out.Body as Readable, size: total };
    } catch (err) {
      if (this.notFound(err)) throw new ObjectNotFoundError(`${key} does not exist in bucket ${this.bucket}`);
      if (err instanceof UpstreamError) throw err;
      throw this.fail(`GetObject ${key}`, err);
    }
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      } catch (err) {
        throw this.fail(`ListObjectsV2 ${prefix}`, err);
      }
      for (const o of page.Contents ?? []) {
        if (o.Key) yield { key: listedKey(o.Key), size: o.Size ?? 0, lastModified: o.LastModified ?? new Date(0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async delete(keys: readonly RemoteKey[]): Promise<void> {
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      const batch = keys.slice(i, i + DELETE_BATCH);
      let out;
      try {
        out = await this.client.send(
          new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
        );
      } catch (err) {
        throw this.fail(`DeleteObjects (${batch.length} keys)`, err);
      }
      const errors = (out.Errors ?? []).filter((e) => e.Code !== 'NoSuchKey');
      if (errors.length > 0) {
        throw new UpstreamError(`S3 DeleteObjects failed for ${errors.map((e) => `${e.Key} (${e.Code})`).join(', ')}`);
      }
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
