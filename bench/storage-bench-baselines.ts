import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { BlobServiceClient } from '@azure/storage-blob';
import { Storage } from '@google-cloud/storage';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** What the benchmark compares against: the plain SDK calls a hand-written uploader would make, same concurrency and part size. */
export interface Baseline {
  upload(bucket: string, key: string, path: string): Promise<void>;
  download(bucket: string, key: string, path: string): Promise<void>;
  createBucket(bucket: string): Promise<void>;
  close(): void;
}

const PART = 8 * 1024 * 1024;

/** A plain SDK client for the S3 emulator whose AWS_* environment is `env`: what every raw baseline uses. */
export function rawS3Client(env: Record<string, string>): S3Client {
  return new S3Client({
    region: env.AWS_REGION,
    endpoint: env.AWS_ENDPOINT,
    forcePathStyle: true,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
    requestHandler: { httpAgent: { keepAlive: true, maxSockets: 80 } },
  });
}

export function s3Baseline(env: Record<string, string>): Baseline {
  const client = rawS3Client(env);
  return {
    createBucket: async (bucket) => void (await client.send(new CreateBucketCommand({ Bucket: bucket }))),
    upload: async (bucket, key, path) => {
      await new Upload({ client, params: { Bucket: bucket, Key: key, Body: createReadStream(path) }, partSize: PART, queueSize: 4 }).done();
    },
    download: async (bucket, key, path) => {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      await pipeline(out.Body as Readable, createWriteStream(path));
    },
    close: () => client.destroy(),
  };
}

export function gcsBaseline(env: Record<string, string>): Baseline {
  const storage = new Storage({ apiEndpoint: env.GCS_ENDPOINT, projectId: env.GCS_PROJECT_ID });
  return {
    createBucket: async (bucket) => void (await storage.createBucket(bucket)),
    upload: async (bucket, key, path) => {
      const { size } = await stat(path);
      await storage.bucket(bucket).upload(path, { destination: key, resumable: size > PART, validation: false });
    },
    download: async (bucket, key, path) => {
      await storage.bucket(bucket).file(key).download({ destination: path, validation: false });
    },
    close: () => undefined,
  };
}

export function azureBaseline(env: Record<string, string>): Baseline {
  const service = BlobServiceClient.fromConnectionString(env.AZURE_STORAGE_CONNECTION_STRING);
  return {
    createBucket: async (bucket) => void (await service.getContainerClient(bucket).create()),
    upload: async (bucket, key, path) => {
      await service.getContainerClient(bucket).getBlockBlobClient(key).uploadStream(createReadStream(path), PART, 4);
    },
    download: async (bucket, key, path) => {
      const out = await service.getContainerClient(bucket).getBlobClient(key).download();
      await pipeline(out.readableStreamBody as Readable, createWriteStream(path));
    },
    close: () => undefined,
  };
}

/** Runs `work` over items with `concurrency` in flight, as the engine does with concurrentConnections. */
export async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}
