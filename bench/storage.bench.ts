/**
 * Storage benchmark (`npm run bench:storage`), not a test. For each emulator it uploads and downloads
 * BENCH_LARGE_COUNT × BENCH_LARGE_MB MB plus BENCH_SMALL_COUNT × BENCH_SMALL_KB KB files (default
 * 20 × 50 MB + 2000 × 10 KB), once through our StorageProvider and once through the raw SDK with the
 * same concurrency (the baseline), and prints MB/s and ours/raw ratios. Then a BENCH_BIG_GB (default
 * 2, 0 skips) file goes through S3 in a child process to measure peak RSS. The last line is the summary.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createStorageProvider, parseStorageRequestOptions, StorageLocation, type Env } from '../src/storage/index.js';
import { azureBaseline, gcsBaseline, pool, s3Baseline, type Baseline } from './storage-bench-baselines.js';
import { startEmulators } from '../test/support/emulators.js';

type Target = 's3' | 'gcp' | 'azure';
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const LARGE = { count: num('BENCH_LARGE_COUNT', 20), bytes: num('BENCH_LARGE_MB', 50) * 1e6 };
const SMALL = { count: num('BENCH_SMALL_COUNT', 2000), bytes: num('BENCH_SMALL_KB', 10) * 1e3 };
const BIG_GB = num('BENCH_BIG_GB', 2);
const CONCURRENCY = 10;
/** Our hash algorithm (SHA-256 default, as in production); NONE shows what verification costs. */
const HASH = process.env.BENCH_HASH ?? 'SHA-256';
const TARGETS = (process.env.BENCH_TARGETS ?? 's3,gcp,azure').split(',') as Target[];
const BASELINES = { s3: s3Baseline, gcp: gcsBaseline, azure: azureBaseline };
const CHILD = fileURLToPath(new URL('../test/support/storage-large-file-child.js', import.meta.url));

interface FileSet {
  name: 'large' | 'small';
  files: { key: string; path: string }[];
  totalBytes: number;
}

async function makeSet(dir: string, name: FileSet['name'], spec: { count: number; bytes: number }): Promise<FileSet> {
  await mkdir(join(dir, name), { recursive: true });
  const files = [];
  for (let i = 0; i < spec.count; i++) {
    const path = join(dir, name, `f${i}`);
    await writeFile(path, randomBytes(spec.bytes));
    files.push({ key: `data/${name}/${i}/nb-${i}-big-Data.db`, path });
  }
  return { name, files, totalBytes: spec.count * spec.bytes };
}

/** Each phase starts with no dirty pages of the previous one still being written back, so order does not matter. */
async function seconds(work: () => Promise<unknown>): Promise<number> {
  await promisify(execFile)('sync');
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

/** One target and one file set: raw then ours, upload then download; returns ours/raw throughput ratios. */
async function benchSet(target: Target, env: Env, raw: Baseline, set: FileSet, scratch: string): Promise<{ up: number; down: number }> {
  const stamp = randomBytes(4).toString('hex');
  const rawBucket = `raw${stamp}`;
  const ours = createStorageProvider(
    StorageLocation.parse(`${target}://ours${stamp}/c/d/n`),
    parseStorageRequestOptions({ createMissingBucket: true, concurrentConnections: CONCURRENCY, hashAlgorithm: HASH }),
    env,
  );
  await ours.ensureBucket();
  await raw.createBucket(rawBucket);
  await mkdir(scratch, { recursive: true });
  const key = (k: string) => ours.location.nodeKey(k);
  const local = (who: string, i: number) => join(scratch, `${target}-${set.name}-${who}-${i}`);

  const rawUp = await seconds(() => pool(set.files, CONCURRENCY, (f) => raw.upload(rawBucket, key(f.key), f.path)));
  let hashes: (string | null | undefined)[] = [];
  // force: the baseline does not look for existing objects either, so both measure the transfer itself.
  const oursUp = await seconds(async () => {
    hashes = (await ours.uploadFiles(set.files.map((f) => ({ key: key(f.key), path: f.path, force: true })))).map((r) => r.hash);
  });
  const rawDown = await seconds(() => pool(set.files.map((f, i) => ({ f, i })), CONCURRENCY, ({ f, i }) => raw.download(rawBucket, key(f.key), local('raw', i))));
  const oursDown = await seconds(() =>
    ours.downloadFiles(set.files.map((f, i) => ({ key: key(f.key), path: local('ours', i), expectedHash: hashes[i] ?? null }))),
  );
  const mb = set.totalBytes / 1e6;
  const fmt = (s: number) => `${(mb / s).toFixed(1)} MB/s`;
  console.log(
    `${target} ${set.name.padEnd(5)} upload ours ${fmt(oursUp)} raw ${fmt(rawUp)} ratio ${(rawUp / oursUp).toFixed(2)} | ` +
      `download ours ${fmt(oursDown)} raw ${fmt(rawDown)} ratio ${(rawDown / oursDown).toFixed(2)}`,
  );
  await ours.delete((await ours.list('')).map((o) => o.key));
  await ours.close();
  await rm(scratch, { recursive: true, force: true });
  return { up: rawUp / oursUp, down: rawDown / oursDown };
}

/** Peak RSS of a child process that moves one BIG_GB file through S3 with our provider. */
async function bigFilePeakRss(env: Env, scratch: string): Promise<number> {
  const args = { location: `s3://big${randomBytes(4).toString('hex')}/c/d/n`, env, path: join(scratch, 'big'), size: BIG_GB * 1024 ** 3 };
  const { stdout } = await promisify(execFile)(process.execPath, [CHILD, JSON.stringify(args)], { timeout: 30 * 60_000 });
  const result = JSON.parse(stdout.trim().split('\n').at(-1) as string) as { peakRssMB: number; uploadSeconds: number; downloadSeconds: number };
  console.log(`s3 ${BIG_GB} GB file: upload ${result.uploadSeconds.toFixed(1)} s, download ${result.downloadSeconds.toFixed(1)} s, peak RSS ${result.peakRssMB.toFixed(0)} MB`);
  return result.peakRssMB;
}

const emulators = await startEmulators(TARGETS.map((t) => (t === 'gcp' ? 'gcs' : t)));
const dir = await mkdtemp(join(tmpdir(), 'icarus-bench-'));
const summary: string[] = [];
try {
  const sets = [await makeSet(dir, 'large', LARGE), await makeSet(dir, 'small', SMALL)];
  console.log(`files: ${LARGE.count} × ${LARGE.bytes / 1e6} MB + ${SMALL.count} × ${SMALL.bytes / 1e3} KB, concurrency ${CONCURRENCY}, our hash ${HASH}`);
  for (const target of TARGETS) {
    const raw = BASELINES[target](emulators.env);
    const parts: string[] = [];
    for (const set of sets) {
      const r = await benchSet(target, emulators.env, raw, set, join(dir, 'out'));
      parts.push(`${set.name} up ${r.up.toFixed(2)} down ${r.down.toFixed(2)}`);
    }
    raw.close();
    summary.push(`${target}: ${parts.join(', ')}`);
  }
  const rss = BIG_GB > 0 && TARGETS.includes('s3') ? `${(await bigFilePeakRss(emulators.env, dir)).toFixed(0)} MB` : 'skipped';
  const benchRss = (process.resourceUsage().maxRSS / 1024).toFixed(0);
  console.log(`SUMMARY ratios ours/raw (≥0.95 target for large) ${summary.join(' | ')} | peak RSS ${BIG_GB} GB file ${rss}, bench process ${benchRss} MB`);
} finally {
  await emulators.stop();
  await rm(dir, { recursive: true, force: true });
}
