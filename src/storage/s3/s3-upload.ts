import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import { hashPartInWorker } from '../transfer/hash-pool.js';
import type { PartBuffers } from './part-buffers.js';
import type { PartSource } from './part-source.js';

/** One object to upload and how. */
export interface S3Upload {
  client: S3Client;
  bucket: string;
  key: string;
  /** SSE-KMS parameters of the PUT or CreateMultipartUpload. */
  encryption: { ServerSideEncryption?: 'aws:kms'; SSEKMSKeyId?: string };
  partSize: number;
  /** Parts of this object sent at once. */
  queueSize: number;
  buffers: PartBuffers;
  signal?: AbortSignal;
  /** Bytes S3 has acknowledged so far. */
  onBytes?(bytes: number): void;
}

/**
 * Uploads what `source` yields: one PUT when it fits a part, else a multipart upload with
 * `queueSize` parts in flight (aborted on failure, so no parts are left behind). Requests are the
 * ones lib-storage sends, with the part hashes the SDK would compute on this thread (the SigV4
 * payload SHA-256, and CRC32 when the checksum mode is WHEN_SUPPORTED) computed by a worker instead.
 * Resolves to the bytes uploaded.
 */
export async function uploadObject(up: S3Upload, source: PartSource, size: number | undefined): Promise<number> {
  const checksum = (await up.client.config.requestChecksumCalculation()) === 'WHEN_SUPPORTED';
  const first = await readPart(up, source, partLength(up, size, 0));
  if (!(await source.atEnd().catch((err: unknown) => release(up, first, err)))) return multipart(up, source, size, first, checksum);
  try {
    const hashes = await hashPartInWorker(first.body, checksum);
    const put = new PutObjectCommand({ Bucket: up.bucket, Key: up.key, Body: first.body, ContentLength: first.body.length, ChecksumCRC32: hashes.crc32, ...up.encryption });
    await up.client.send(signedWith(put, hashes.sha256), { abortSignal: up.signal });
  } finally {
    up.buffers.release(first.buffer);
  }
  up.onBytes?.(first.body.length);
  return first.body.length;
}

interface Part {
  buffer: Buffer;
  /** The bytes of the part: the start of `buffer`. */
  body: Buffer;
}

async function multipart(up: S3Upload, source: PartSource, size: number | undefined, first: Part, checksum: boolean): Promise<number> {
  const { UploadId } = await up.client
    .send(new CreateMultipartUploadCommand({ Bucket: up.bucket, Key: up.key, ...(checksum ? { ChecksumAlgorithm: 'CRC32' } : {}), ...up.encryption }), { abortSignal: up.signal })
    .catch((err: unknown) => release(up, first, err));
  const done: CompletedPart[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | null = null;
  let read = first.body.length;
  let sent = 0;
  const send = async (partNumber: number, part: Part): Promise<void> => {
    const hashes = await hashPartInWorker(part.body, checksum);
    const command = new UploadPartCommand({
      Bucket: up.bucket, Key: up.key, UploadId, PartNumber: partNumber, Body: part.body, ContentLength: part.body.length, ChecksumCRC32: hashes.crc32,
    });
    const out = await up.client.send(signedWith(command, hashes.sha256), { abortSignal: up.signal });
    done.push({ PartNumber: partNumber, ETag: out.ETag, ...(out.ChecksumCRC32 ? { ChecksumCRC32: out.ChecksumCRC32 } : {}) });
    sent += part.body.length;
    up.onBytes?.(sent);
  };
  const start = (partNumber: number, part: Part): void => {
    const running: Promise<void> = send(partNumber, part)
      .catch((error: unknown) => void (failure ??= { error }))
      .finally(() => {
        up.buffers.release(part.buffer);
        inFlight.delete(running);
      });
    inFlight.add(running);
  };
  try {
    start(1, first);
    for (let partNumber = 2; !failure && !(await source.atEnd()); partNumber++) {
      while (inFlight.size >= up.queueSize) await Promise.race(inFlight);
      if (failure) break;
      const part = await readPart(up, source, partLength(up, size, read));
      read += part.body.length;
      start(partNumber, part);
    }
    await Promise.all(inFlight);
    if (failure) throw (failure as { error: unknown }).error;
    done.sort((a, b) => a.PartNumber! - b.PartNumber!);
    await up.client.send(
      new CompleteMultipartUploadCommand({ Bucket: up.bucket, Key: up.key, UploadId, MultipartUpload: { Parts: done } }),
      { abortSignal: up.signal },
    );
    return read;
  } catch (err) {
    await Promise.all(inFlight);
    await up.client.send(new AbortMultipartUploadCommand({ Bucket: up.bucket, Key: up.key, UploadId })).catch(() => undefined);
    throw err;
  }
}

/** The next part's length: up to a part, or what a file of known size has left. */
function partLength(up: S3Upload, size: number | undefined, read: number): number {
  return size !== undefined && size > read ? Math.min(up.partSize, size - read) : size === 0 ? 0 : up.partSize;
}

async function readPart(up: S3Upload, source: PartSource, length: number): Promise<Part> {
  const buffer = await up.buffers.acquire(length, up.signal);
  try {
    const filled = await source.fill(buffer);
    return { buffer, body: buffer.subarray(0, filled) };
  } catch (err) {
    return release(up, { buffer, body: buffer }, err);
  }
}

function release(up: S3Upload, part: Part, err: unknown): never {
  up.buffers.release(part.buffer);
  throw err;
}

/** What signedWith needs of a command: its middleware stack. */
type Handler = (args: { request: unknown }) => Promise<unknown>;
type WithMiddleware = { middlewareStack: { add(middleware: (next: Handler) => Handler, options: { step: 'build'; name: string }): void } };

/** Signs the request with the payload hash the worker computed, so the SDK does not hash the body again on this thread. */
function signedWith<C extends PutObjectCommand | UploadPartCommand>(command: C, sha256: string): C {
  (command as unknown as WithMiddleware).middlewareStack.add(
    (next) => (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-amz-content-sha256'] = sha256;
      return next(args);
    },
    { step: 'build', name: 'icarusPayloadHash' },
  );
  return command;
}
