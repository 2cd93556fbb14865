/**
 * Baselines of `npm run bench:restore`, run as a child process: downloads the given objects of a
 * bucket with the plain AWS SDK (GetObject, body streamed to a file), 10 objects at a time as our
 * restore's concurrentConnections, each into `<dir>/<key>`. With `sha256` every body also goes
 * through a SHA-256 digest on its way to the file, the verification our restore does.
 * Usage: node restore-bench-raw-s3.js <keys.json> <bucket> <dir> sha256|none, with the emulator's
 * AWS_* environment; prints `<files> files, <bytes> bytes`.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pool, rawS3Client } from './storage-bench-baselines.js';

const CONCURRENCY = 10;
const [keysFile, bucket, dir, mode] = process.argv.slice(2);
if (mode !== 'sha256' && mode !== 'none') throw new Error('usage: restore-bench-raw-s3.js <keys.json> <bucket> <dir> sha256|none');
const keys = JSON.parse(await readFile(keysFile, 'utf8')) as string[];
const client = rawS3Client(process.env as Record<string, string>);

/** A pass-through that feeds every chunk to a SHA-256 digest. */
function sha256Tap(): { tap: Transform; hex: () => string } {
  const hash = createHash('sha256');
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  return { tap, hex: () => hash.digest('hex') };
}

let bytes = 0;
await pool(keys, CONCURRENCY, async (key) => {
  const path = join(dir, key);
  await mkdir(dirname(path), { recursive: true });
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  bytes += out.ContentLength ?? 0;
  if (mode === 'sha256') {
    const { tap, hex } = sha256Tap();
    await pipeline(out.Body as Readable, tap, createWriteStream(path));
    if (hex().length !== 64) throw new Error(`no SHA-256 of ${key}`);
  } else {
    await pipeline(out.Body as Readable, new PassThrough(), createWriteStream(path));
  }
});
client.destroy();
console.log(`${keys.length} files, ${bytes} bytes`);
