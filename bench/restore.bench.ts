/**
 * Restore benchmark (`npm run bench:restore`, issue 9), not a test. On a 1-node bed of its own
 * (testbed/testbed on 127.0.4.1, JMX on 127.0.0.1:47100; BENCH_REUSE_BED=1 uses the running one) it
 * loads BENCH_GB GiB (default 2) of SSTables, backs the node up once to the S3 emulator and once to
 * file:// with `icarus esop backup` (not timed), then restores them with strategy IMPORT, phase by
 * phase (each one alone, the table truncated by TRUNCATE and its row count back after IMPORT),
 * against baselines measured in the same run, best of BENCH_REPEAT (default 1) rounds in which
 * baselines and ours alternate:
 *   s3/raw      our DOWNLOAD from S3 (POST to a running sidecar) ÷ a raw-SDK GetObject download of the
 *               same keys, 10 at a time, that also computes their SHA-256 (throughput, ≥ 0.95)
 *   s3/nohash   the same ÷ a raw download without the hash: what verification costs (reported)
 *   rss         the sidecar's peak RSS during DOWNLOAD and IMPORT from S3 (< 300 MB)
 *   file/esop   INIT→CLEANUP from file:// as five sidecar operations ÷ Esop 3.0.1's five `restore`
 *               invocations of the same backup (time, ≤ 0.25); also as five `icarus esop restore` runs
 * Before every DOWNLOAD (ours or a baseline) the stored objects of the backup are read once (page
 * cache warm) and dirty pages synced; every other phase starts after a sync. The last line is the
 * summary. A run killed midway leaves its bed running; stop it with
 * `TESTBED_DIR=$PWD/.testbed/rbench TESTBED_IP_PREFIX=127.0.4 TESTBED_JMX_BASE=47000 testbed/testbed down`.
 */
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type cassandra from 'cassandra-driver';
import { type BedEnv, type BenchNode, loadData, startBenchBed } from './backup-bench-bed.js';
import { type Check, faster, gib, log, pass, s, summaryPart, verdict } from './backup-bench-report.js';
import { RSS_METHOD, warm, type Measured } from './backup-bench-runs.js';
import { BenchSidecar } from './backup-bench-sidecar.js';
import { cliPhase, cqlClient, ESOP_CLI_IMPORT, esopPhase, fivePhases, PHASES, type Phase, type PhaseMeasured, rawS3Download, sidecarPhase } from './restore-bench-runs.js';
import { type Bench, checkSnapshotsCleared, KEYSPACE, prepareBackups, restoreTarget, TABLE } from './restore-bench-setup.js';
import { REPO_ROOT, startEmulators, type RunningEmulators } from '../test/support/emulators.js';
import { fetchEsop } from '../test/support/esop.js';

const GiB = 1024 ** 3;
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const TARGET_GB = num('BENCH_GB', 2);
const REPEAT = Math.max(1, num('BENCH_REPEAT', 1));
const RSS_LIMIT_MB = 300;
/** The restore benchmark's own bed, next to the default one (127.0.0.x) and the backup benchmark's (127.0.1.x). */
const RESTORE_BED: BedEnv = { TESTBED_DIR: join(REPO_ROOT, '.testbed/rbench'), TESTBED_IP_PREFIX: '127.0.4', TESTBED_JMX_BASE: '47000' };

/** BENCH_CPU_PROF=<dir>: the sidecars write V8 CPU profiles there (one per sidecar, when it stops). */
const PROFILE: Record<string, string> = process.env.BENCH_CPU_PROF ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF}` } : {};
type Phases = Record<Phase, PhaseMeasured>;
const checks: Check[] = [];
const sum = (p: Phases, which: readonly Phase[] = PHASES) => which.reduce((t, name) => t + p[name].seconds, 0);
const breakdown = (p: Phases) => PHASES.map((name) => `${name} ${p[name].seconds.toFixed(2)}`).join(', ');
const peak = (p: Phases, which: readonly Phase[] = PHASES) => Math.max(...which.map((name) => p[name].peakRssMB));
const sampledPeak = (p: Phases) => Math.max(...PHASES.map((name) => p[name].sampledRssMB ?? 0));

/** Runs `work` in a fresh dir under the scratch dir, removed afterwards. */
async function inDir<T>(b: Bench, name: string, round: number, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(b.scratch, `${name}-`));
  log(`${name} ${round + 1}/${REPEAT}`);
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Our five phases as POSTs to a sidecar started for them (its own data dir: a cold hash cache). */
async function sidecarRestore(b: Bench, dir: string, which: 's3' | 'file', importFlags: object): Promise<Phases> {
  // The file:// backups lie in the bench's scratch directory, outside the round's own.
  const sidecar = await BenchSidecar.start(b.node.jolokiaUrl, join(dir, 'icarus'), { ...(which === 's3' ? b.s3Env : {}), ...PROFILE }, [b.scratch]);
  try {
    const t = restoreTarget(b, dir, which);
    return await fivePhases(t, b.cql, b.rows, (phase) => sidecarPhase(sidecar, t, phase, importFlags));
  } finally {
    await sidecar.stop();
    await checkSnapshotsCleared(b.node, `our ${which} restore`);
  }
}

/** What the summary line quotes of the S3 part. */
interface S3Numbers {
  rssMB: number;
  downloadMBs: number;
  bothMBs: number;
  noHashRatio: number;
}

async function benchS3(b: Bench): Promise<S3Numbers> {
  let none: Measured | undefined, sha: Measured | undefined, download: PhaseMeasured | undefined, both: { seconds: number; p: Phases } | undefined;
  const rss = { download: 0, import: 0, hwm: 0, idle: 0 };
  const raw = (name: string, mode: 'sha256' | 'none', round: number) =>
    inDir(b, name, round, async (dir) => {
      await warm(b.s3.files);
      return rawS3Download(b.s3.keysFile, b.s3.bucket, dir, mode, b.s3Env);
    });
  for (let round = 0; round < REPEAT; round++) {
    none = faster(none, await raw('raw-none', 'none', round));
    sha = faster(sha, await raw('raw-sha256', 'sha256', round));
    const p = await inDir(b, 's3-sidecar', round, (dir) => sidecarRestore(b, dir, 's3', {}));
    download = faster(download, p.download);
    both = faster(both, { seconds: sum(p, ['download', 'import']), p });
    rss.download = Math.max(rss.download, p.download.sampledRssMB ?? 0);
    rss.import = Math.max(rss.import, p.import.sampledRssMB ?? 0);
    rss.hwm = Math.max(rss.hwm, peak(p, ['download', 'import']));
    rss.idle = Math.max(rss.idle, p.download.startRssMB ?? 0);
  }
  if (!none || !sha || !download || !both) throw new Error('no round ran');
  const c: Check = { name: 's3/raw', ratio: sha.seconds / download.seconds, op: '≥', target: 0.95, mode: 'sidecar' };
  const r: Check = { name: 'rss', ratio: Math.max(rss.download, rss.import, rss.hwm), op: '<', target: RSS_LIMIT_MB, mode: 'sidecar' };
  checks.push(c, r);
  const rate = (m: { seconds: number }) => `${(b.s3.bytes / 1e6 / m.seconds).toFixed(0)} MB/s`;
  console.log(
    `s3/raw      ours DOWNLOAD ${s(download)} (${rate(download)}) raw SDK + SHA-256 ${s(sha)} (${rate(sha)}, peak RSS ${sha.peakRssMB.toFixed(0)} MB)  ` +
      `throughput ratio ${c.ratio.toFixed(3)} ${verdict(c)}`,
  );
  console.log(
    `            ours DOWNLOAD+IMPORT ${s(both)} (${rate(both)}; IMPORT ${s(both.p.import)}, Cassandra verifying as a REST request's defaults ask); ` +
      `all five phases ${sum(both.p).toFixed(2)} s (${breakdown(both.p)})`,
  );
  console.log(
    `s3/nohash   raw SDK without hashing ${s(none)} (${rate(none)}, peak RSS ${none.peakRssMB.toFixed(0)} MB)  ours DOWNLOAD ÷ it ${(none.seconds / download.seconds).toFixed(3)}, ` +
      `raw with SHA-256 ÷ it ${(none.seconds / sha.seconds).toFixed(3)} (what verification costs; no target)`,
  );
  console.log(
    `rss         sidecar peak RSS during DOWNLOAD and IMPORT from S3 ${r.ratio.toFixed(0)} MB (VmRSS sampled every 100 ms: DOWNLOAD ` +
      `${rss.download.toFixed(0)} MB, IMPORT ${rss.import.toFixed(0)} MB; VmHWM reset before each phase: ${rss.hwm.toFixed(0)} MB; ` +
      `${rss.idle.toFixed(0)} MB right before DOWNLOAD)  target <${RSS_LIMIT_MB} MB ${pass(r) ? 'PASS' : 'FAIL'}`,
  );
  const mbs = (m: { seconds: number }) => b.s3.bytes / 1e6 / m.seconds;
  return { rssMB: r.ratio, downloadMBs: mbs(download), bothMBs: mbs(both), noHashRatio: none.seconds / download.seconds };
}

async function benchFile(b: Bench): Promise<void> {
  let esop: { seconds: number; p: Phases } | undefined, side: typeof esop, cli: typeof esop;
  for (let round = 0; round < REPEAT; round++) {
    const e = await inDir(b, 'esop', round, async (dir) => {
      const t = restoreTarget(b, dir, 'file');
      await mkdir(t.downloadDir);
      const p = await fivePhases(t, b.cql, b.rows, (phase) => esopPhase(t, phase));
      await checkSnapshotsCleared(b.node, 'the Esop restore');
      return p;
    });
    const sc = await inDir(b, 'file-sidecar', round, (dir) => sidecarRestore(b, dir, 'file', ESOP_CLI_IMPORT));
    const c = await inDir(b, 'file-cli', round, async (dir) => {
      const t = restoreTarget(b, dir, 'file');
      const p = await fivePhases(t, b.cql, b.rows, (phase) => cliPhase(t, phase, join(dir, 'icarus')));
      await checkSnapshotsCleared(b.node, 'our cli restore');
      return p;
    });
    esop = faster(esop, { seconds: sum(e), p: e });
    side = faster(side, { seconds: sum(sc), p: sc });
    cli = faster(cli, { seconds: sum(c), p: c });
  }
  if (!esop || !side || !cli) throw new Error('no round ran');
  const e: Check = { name: 'file/esop', ratio: side.seconds / esop.seconds, op: '≤', target: 0.25, mode: 'sidecar' };
  checks.push(e);
  const rate = (m: { p: Phases }) => `${((b.file.bytes / 1e6) / sum(m.p, ['download', 'import'])).toFixed(0)} MB/s`;
  console.log(
    `file/esop   ours sidecar ${s(side)} (${breakdown(side.p)}; DOWNLOAD+IMPORT ${rate(side)}; sidecar peak RSS ${sampledPeak(side.p).toFixed(0)} MB) ` +
      `esop ${s(esop)} (${breakdown(esop.p)}; ` +
      `peak RSS ${peak(esop.p).toFixed(0)} MB)  time ratio ${e.ratio.toFixed(3)} ${verdict(e)}`,
  );
  console.log(
    `            ours cli ${s(cli)} (${breakdown(cli.p)}; DOWNLOAD+IMPORT ${rate(cli)}; peak RSS ${peak(cli.p).toFixed(0)} MB)  ` +
      `time ratio ${(cli.seconds / esop.seconds).toFixed(3)} (one-shot runs as Esop's, each paying Node start-up)`,
  );
}

/** On a failure, the end of the node's logs (they go with the bed): did Cassandra die, and why. */
async function logNodeTail(node: BenchNode): Promise<void> {
  const logs = join(dirname(dirname(node.dataDir)), 'logs');
  for (const name of ['system.log', 'stdout.log']) {
    const text = await readFile(join(logs, name), 'utf8').catch(() => '');
    log(`--- ${name} of the node, last lines:\n${text.split('\n').slice(-25).join('\n')}`);
  }
}

const loadBeforeBed = loadavg()[0];
const node = await startBenchBed(RESTORE_BED);
const loadAtStart = loadavg()[0];
let emulators: RunningEmulators | undefined;
let scratch: string | undefined;
let cql: cassandra.Client | undefined;
try {
  emulators = await startEmulators(['s3']);
  scratch = await mkdtemp(join(tmpdir(), 'icarus-restore-bench-'));
  if ((await stat(scratch)).dev !== (await stat(node.dataDir)).dev) throw new Error(`${scratch} is not on the filesystem of ${node.dataDir}`);
  await fetchEsop();
  const loadStart = performance.now();
  const data = await loadData(node, KEYSPACE, TABLE, TARGET_GB * GiB);
  const loadSeconds = (performance.now() - loadStart) / 1000;
  cql = cqlClient(node);
  await cql.connect();
  log('backing up to S3 and file:// (not timed)');
  const b = await prepareBackups(node, cql, scratch, emulators.env);
  if (b.s3.files.length !== data.paths.length || b.file.files.length !== data.paths.length) {
    throw new Error(`the backups hold ${b.s3.files.length} (S3) and ${b.file.files.length} (file) files, the table ${data.paths.length}`);
  }
  console.log(
    `data: ${gib(data.bytes)} in ${data.sstables} SSTables (${data.paths.length} files, ${b.rows} rows) of ${KEYSPACE}.${TABLE}, 1 MiB random blob rows, ` +
      `RF 1, autocompaction off; loaded and flushed in ${loadSeconds.toFixed(0)} s; node ${node.ip}, JMX ${node.jmx}; ` +
      `backed up (not timed) by icarus esop backup to ${b.s3.location} (S3 emulator) and to file:// (${gib(b.file.bytes)})`,
  );
  console.log(
    `method: restores with strategy IMPORT, one phase at a time, into a fresh import.sourceDir on the data dir's filesystem; ours as POSTs to a ` +
      `running sidecar polled every 50 ms (or icarus esop restore children), baselines and Esop as child processes; concurrency 10 everywhere; ` +
      `best of ${REPEAT}; before each DOWNLOAD (and each raw download) every stored object of the backup is read with cat, then sync; ` +
      `sync before every other phase; the table's rows counted through CQL after TRUNCATE (0) and IMPORT (all); ` +
      `peak RSS of children by ${RSS_METHOD}, of the sidecar by VmRSS sampled every 100 ms and VmHWM reset (clear_refs 5) before each phase`,
  );
  const s3 = await benchS3(b);
  await benchFile(b);
  console.log(
    `machine: ${availableParallelism()} cores, load average (1 min) ${loadBeforeBed.toFixed(1)} before the bed started, ` +
      `${loadAtStart.toFixed(1)} at start (bed up), ${loadavg()[0].toFixed(1)} at end`,
  );
  const show = (name: string) => summaryPart(checks.find((c) => c.name === name)!);
  const passed = checks.filter(pass).length;
  console.log(
    `SUMMARY restore ${(data.bytes / GiB).toFixed(1)} GiB: S3 DOWNLOAD ${s3.downloadMBs.toFixed(0)} MB/s, DOWNLOAD+IMPORT ${s3.bothMBs.toFixed(0)} MB/s; ` +
      `${show('s3/raw')} s3/nohash ${s3.noHashRatio.toFixed(2)} (reported) rss ${s3.rssMB.toFixed(0)} MB (<${RSS_LIMIT_MB}, sidecar) ` +
      `${show('file/esop')} — ${passed}/${checks.length} targets met`,
  );
} catch (err) {
  await logNodeTail(node);
  throw err;
} finally {
  await cql?.shutdown();
  if (scratch) await rm(scratch, { recursive: true, force: true });
  await emulators?.stop();
  await node.stop();
}
