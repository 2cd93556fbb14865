import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import cassandra from 'cassandra-driver';
import type { BenchNode } from './backup-bench-bed.js';
import { ICARUS, sync, timed, warm, type Measured } from './backup-bench-runs.js';
import type { BenchSidecar } from './backup-bench-sidecar.js';
import { rawS3Client } from './storage-bench-baselines.js';
import { REPO_ROOT } from '../test/support/emulators.js';

const ESOP = join(REPO_ROOT, 'testbed/esop');
const RAW_S3 = join(REPO_ROOT, 'dist-test/bench/restore-bench-raw-s3.js');
const SAMPLE_MS = 100;

export const PHASES = ['init', 'download', 'truncate', 'import', 'cleanup'] as const;
export type Phase = (typeof PHASES)[number];
/** One timed phase: sidecar phases also have VmRSS sampled meanwhile and VmRSS right before. */
export type PhaseMeasured = Measured & { phase: Phase; sampledRssMB?: number; startRssMB?: number };

/** What a restore of the bench table needs: the backup, where to download, the node. */
export interface RestoreTarget {
  node: BenchNode;
  keyspace: string;
  table: string;
  location: string;
  tag: string;
  /** `import.sourceDir` / `--import-source-dir`: a fresh directory on the data directory's filesystem. */
  downloadDir: string;
  /** Files of the backup as stored (the emulator's object files, or the file:// tree), read before DOWNLOAD. */
  sourceFiles: string[];
}

async function vmRssKB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/** VmRSS of a process right before `work`, and its peak read from /proc every 100 ms while `work` runs (a last read when it ends). */
export async function sampledRss<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peakMB: number; startMB: number }> {
  const startKB = await vmRssKB(pid);
  let peakKB = startKB;
  const read = async () => void (peakKB = Math.max(peakKB, await vmRssKB(pid)));
  const timer = setInterval(() => void read(), SAMPLE_MS);
  try {
    const result = await work();
    await read();
    return { result, peakMB: peakKB / 1024, startMB: startKB / 1024 };
  } finally {
    clearInterval(timer);
  }
}

/** Rows of the table, counted by paging through its keys 10 rows at a time (Cassandra reads whole 1 MiB rows: larger pages exhaust the bed's 512 MB heap). */
export async function countRows(cql: cassandra.Client, keyspace: string, table: string): Promise<number> {
  let rows = 0;
  const result = await cql.execute(`SELECT id FROM ${keyspace}.${table}`, [], { prepare: true, fetchSize: 10 });
  for await (const _ of result) rows++;
  return rows;
}

export function cqlClient(node: BenchNode): cassandra.Client {
  return new cassandra.Client({ contactPoints: [node.ip], localDataCenter: 'dc1', socketOptions: { readTimeout: 120_000 } });
}

/**
 * Runs the five phases of an IMPORT restore one at a time through `runPhase`, each after a sync;
 * the backup's files are read (page cache warm) right before DOWNLOAD, as before every baseline.
 * The table must be empty after TRUNCATE and hold `rows` rows again after IMPORT.
 */
export async function fivePhases(
  target: RestoreTarget,
  cql: cassandra.Client,
  rows: number,
  runPhase: (phase: Phase) => Promise<Measured & { sampledRssMB?: number; startRssMB?: number }>,
): Promise<Record<Phase, PhaseMeasured>> {
  const out = {} as Record<Phase, PhaseMeasured>;
  for (const phase of PHASES) {
    if (phase === 'download') await warm(target.sourceFiles);
    else await sync();
    out[phase] = { ...(await runPhase(phase)), phase };
    const count = phase === 'truncate' || phase === 'import' ? await countRows(cql, target.keyspace, target.table) : undefined;
    if (phase === 'truncate' && count !== 0) throw new Error(`${count} rows left in ${target.keyspace}.${target.table} after TRUNCATE`);
    if (phase === 'import' && count !== rows) throw new Error(`${count} rows in ${target.keyspace}.${target.table} after IMPORT, ${rows} backed up`);
  }
  return out;
}

/** Import flags as Esop's CLI sends them (and so ours, `icarus esop restore`): Cassandra neither verifies nor invalidates. */
export const ESOP_CLI_IMPORT = { noVerify: true, noVerifyTokens: true, noInvalidateCaches: true };

/** One phase as a POST to the sidecar (its VmRSS sampled meanwhile); `importFlags` go into the `import` section. */
export async function sidecarPhase(
  sidecar: BenchSidecar,
  t: RestoreTarget,
  phase: Phase,
  importFlags: object,
): Promise<Measured & { sampledRssMB: number; startRssMB: number }> {
  const body = {
    type: 'restore',
    storageLocation: t.location,
    snapshotTag: t.tag,
    entities: t.keyspace,
    restorationStrategyType: 'IMPORT',
    restorationPhase: phase.toUpperCase(),
    import: { type: 'import', sourceDir: t.downloadDir, ...importFlags },
    concurrentConnections: 10,
  };
  const { result, peakMB, startMB } = await sampledRss(sidecar.pid, () => sidecar.operation(body, `restore ${phase}`));
  return { seconds: result.seconds, peakRssMB: result.peakRssMB, sampledRssMB: peakMB, startRssMB: startMB };
}

/** One phase as `icarus esop restore` (a one-shot child, as Esop runs); `stateDir` (its hash cache) is kept across the phases. */
export function cliPhase(t: RestoreTarget, phase: Phase, stateDir: string, env: Record<string, string> = {}): Promise<Measured> {
  const args = [ICARUS, 'esop', 'restore', '--storage-location', t.location, '--snapshot-tag', t.tag, '--entities', t.keyspace];
  args.push('--restoration-strategy-type', 'IMPORT', '--restoration-phase-type', phase, '--import-source-dir', t.downloadDir);
  args.push('--jolokia-url', t.node.jolokiaUrl, '--cc', '10');
  return timed(process.execPath, args, { ...env, ICARUS_DATA_DIR: stateDir }, false);
}

/** One phase of the real Esop 3.0.1 `restore` over JMX (testbed/esop execs the JVM, so the child is the JVM itself). */
export function esopPhase(t: RestoreTarget, phase: Phase): Promise<Measured> {
  const args = ['run', 'restore', '--jmx-service', t.node.jmx, `--storage-location=${t.location}`];
  args.push('--cassandra-dir', dirname(t.node.dataDir), '--data-dir', t.node.dataDir, '--entities', t.keyspace, '--snapshot-tag', t.tag);
  args.push('--restoration-strategy-type=import', `--restoration-phase-type=${phase}`, '--import-source-dir', t.downloadDir);
  return timed(ESOP, args, {}, false);
}

/** A raw-SDK download of `keys` into `dir` (bench/restore-bench-raw-s3.ts), with or without SHA-256, in a child process of its own. */
export function rawS3Download(keysFile: string, bucket: string, dir: string, mode: 'sha256' | 'none', s3Env: Record<string, string>): Promise<Measured> {
  return timed(process.execPath, [RAW_S3, keysFile, bucket, dir, mode], s3Env, false);
}

/** Keys and total bytes of the objects below `prefix`. */
export async function listObjects(s3Env: Record<string, string>, bucket: string, prefix: string): Promise<{ keys: string[]; bytes: number }> {
  const client = rawS3Client(s3Env);
  const keys: string[] = [];
  let bytes = 0;
  let token: string | undefined;
  try {
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        keys.push(o.Key!);
        bytes += o.Size ?? 0;
      }
      token = page.NextContinuationToken;
    } while (token);
  } finally {
    client.destroy();
  }
  return { keys, bytes };
}

/**
 * The directory where the S3 emulator (versitygw's posix backend, started by
 * test/support/emulators.ts under a temp dir of its own) keeps the objects of `bucket`.
 */
export async function emulatorBucketDir(bucket: string): Promise<string> {
  for (const entry of await readdir(tmpdir())) {
    if (!entry.startsWith('icarus-emulators-')) continue;
    const dir = join(tmpdir(), entry, 's3', bucket);
    if (await readdir(dir).then(() => true, () => false)) return dir;
  }
  throw new Error(`no emulator directory holds bucket ${bucket}`);
}

/** Regular files below `dir`. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
}
