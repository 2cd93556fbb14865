/**
 * Baseline of `npm run bench:backup`, run as a child process like our CLI: uploads every file of a
 * directory to a new bucket with the plain AWS SDK (lib-storage `Upload`), 10 files at a time, the
 * part size and per-file queue of our S3 store. Usage: node backup-bench-raw-s3.js <dir> <bucket>,
 * with the emulator's AWS_* environment.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pool, s3Baseline } from './storage-bench-baselines.js';

const CONCURRENCY = 10;
const [dir, bucket] = process.argv.slice(2);
const raw = s3Baseline(process.env as Record<string, string>);
await raw.createBucket(bucket);
const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
await pool(names, CONCURRENCY, (name) => raw.upload(bucket, `raw/${name}`, join(dir, name)));
raw.close();
