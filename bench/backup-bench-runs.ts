import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../test/support/emulators.js';

const run = promisify(execFile);
const GNU_TIME = '/usr/bin/time';
/**
 * `icarus` as bin/icarus.js runs it (dist/main.js), but from the benchmark's own build (see the
 * bench:backup script): a concurrent `npm run build` in dist/ cannot swap the code mid-run.
 */
export const ICARUS = join(REPO_ROOT, 'dist-test/bench-app/main.js');
const ESOP = join(REPO_ROOT, 'testbed/esop');
const RAW_S3 = join(REPO_ROOT, 'dist-test/bench/backup-bench-raw-s3.js');
const OUTPUT_TAIL = 16_000;

/** One timed child process: wall time and the peak RSS of the child. */
export interface Measured {
  seconds: number;
  peakRssMB: number;
}

/** How peak RSS is measured: GNU time's %M (the child's ru_maxrss) when installed, else VmHWM polled every 100 ms. */
export const RSS_METHOD = existsSync(GNU_TIME) ? `${GNU_TIME} -f %M` : 'VmHWM from /proc/<pid>/status polled every 100 ms';

/** Writes back dirty pages of earlier phases, so no phase pays for another's writes. */
export const sync = async (): Promise<void> => void (await run('sync'));

/** Reads every file once (into the page cache), then syncs: the same start for ours and each baseline. */
export async function warm(paths: string[]): Promise<void> {
  await run('sh', ['-c', 'cat -- "$@" > /dev/null', 'sh', ...paths], { maxBuffer: 1 << 20 });
  await sync();
}

/**
 * Runs `command args` as a child process and measures it. Throws with the end of its output when it
 * exits non-zero. `syncFirst: false` chains a step onto the previous one without a sync between.
 */
export async function timed(command: string, args: string[], env: Record<string, string> = {}, syncFirst = true): Promise<Measured> {
  if (syncFirst) await sync();
  const rssFile = join(tmpdir(), `icarus-bench-rss-${randomBytes(4).toString('hex')}`);
  const gnuTime = existsSync(GNU_TIME);
  const [file, argv] = gnuTime ? [GNU_TIME, ['-f', '%M', '-o', rssFile, command, ...args]] : [command, args];
  const started = performance.now();
  const child = spawn(file, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let hwmKB = 0;
  const poll = gnuTime ? undefined : setInterval(() => void vmHwmKB(child.pid).then((kb) => (hwmKB = Math.max(hwmKB, kb))), 100);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(poll);
  if (gnuTime) {
    hwmKB = Number((await readFile(rssFile, 'utf8').catch(() => '0')).trim().split('\n').at(-1));
    await rm(rssFile, { force: true });
  }
  if (code !== 0) throw new Error(`${command} ${args.slice(0, 3).join(' ')} … exited with ${code}\n${output}`);
  return { seconds, peakRssMB: hwmKB / 1024 };
}

async function vmHwmKB(pid: number | undefined): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/** What a backup run needs to know about the node. */
export interface BackupTarget {
  jolokiaUrl: string;
  keyspace: string;
}

/** `icarus esop backup` of the keyspace, cold or warm depending on what `icarusDataDir` (its hash cache) holds. */
export function oursBackup(node: BackupTarget, location: string, tag: string, icarusDataDir: string, env: Record<string, string> = {}): Promise<Measured> {
  const args = [ICARUS, 'esop', 'backup', '--storage-location', location, '--entities', node.keyspace, '--snapshot-tag', tag];
  args.push('--jolokia-url', node.jolokiaUrl, '--create-missing-bucket', '--cc', '10');
  return timed(process.execPath, args, { ...env, ICARUS_DATA_DIR: icarusDataDir });
}

/** The real Esop 3.0.1 `backup` over JMX (testbed/esop execs the JVM, so the child is the JVM itself). */
export function esopBackup(jmx: string, dataDir: string, keyspace: string, location: string, tag: string): Promise<Measured> {
  const args = ['run', 'backup', '--jmx-service', jmx, `--storage-location=${location}`, '--data-dir', dataDir];
  args.push('--entities', keyspace, '--snapshot-tag', tag, '--create-missing-bucket');
  return timed(ESOP, args);
}

/** The physical floor: `cp` of the files into `dest`, then `openssl dgst -sha256` of them, back to back. */
export async function floor(paths: string[], dest: string): Promise<{ copy: Measured; hash: Measured; seconds: number }> {
  const copy = await timed('cp', ['--', ...paths, dest]);
  const hash = await timed('openssl', ['dgst', '-sha256', ...paths], {}, false);
  return { copy, hash, seconds: copy.seconds + hash.seconds };
}

/** A hand-written raw-SDK upload of every file of `dir` (bench/backup-bench-raw-s3.ts) in a child process of its own. */
export function rawS3Upload(dir: string, bucket: string, s3Env: Record<string, string>): Promise<Measured> {
  return timed(process.execPath, [RAW_S3, dir, bucket], s3Env);
}

/** Bytes of all files below `dir`: what a backup actually wrote. */
export async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}
