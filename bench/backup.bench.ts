/**
 * Backup benchmark (`npm run bench:backup`, issue 8), not a test. On a 1-node bed of its own
 * (testbed/testbed on 127.0.1.1, JMX on 127.0.0.1:17100; BENCH_REUSE_BED=1 uses the running one) it
 * loads BENCH_GB GiB (default 2) of SSTables and times our backup two ways — `icarus esop backup` as
 * a child process (cli), and POST /operations to a running `icarus icarus` polled every 50 ms
 * (sidecar, the product's normal mode) — against baselines measured in the same run, each phase
 * alone, best of BENCH_REPEAT (default 1) rounds in which baselines and ours alternate:
 *   s3/raw      ours → S3 emulator ÷ a raw-SDK upload of the same files (throughput, ≥ 0.95; cli peak RSS < 300 MB)
 *   file/esop   ours → file:// ÷ Esop 3.0.1 → file:// (time, ≤ 0.25; cli, a one-shot command as Esop's)
 *   file/floor  ours → file:// ÷ cp + openssl dgst -sha256 of the files (time, ≤ 1.5; cli)
 *   incr/full   a second backup of the unchanged node (same hash cache, same location) ÷ the full one
 *               (time, < 0.05; sidecar: a one-shot CLI pays Node start-up and module loading every run)
 * Before every timed phase all SSTable files are read once (page cache warm) and dirty pages synced.
 * The last line is the summary. A run killed midway leaves its bed running; stop it with
 * `TESTBED_DIR=$PWD/.testbed/bench TESTBED_IP_PREFIX=127.0.1 TESTBED_JMX_BASE=17000 testbed/testbed down`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { leftoverSnapshots, loadData, startBenchBed, type BenchNode, type SSTableFiles } from './backup-bench-bed.js';
import { type Check, faster, gib, log, mb, pass, s, summaryPart, verdict } from './backup-bench-report.js';
import { dirBytes, esopBackup, floor, oursBackup, rawS3Upload, RSS_METHOD, warm, type Measured } from './backup-bench-runs.js';
import { BenchSidecar, type SidecarMeasured } from './backup-bench-sidecar.js';
import { startEmulators, type RunningEmulators } from '../test/support/emulators.js';
import { fetchEsop } from '../test/support/esop.js';

const GiB = 1024 ** 3;
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const TARGET_GB = num('BENCH_GB', 2);
const REPEAT = Math.max(1, num('BENCH_REPEAT', 1));
const KEYSPACE = 'bench_backup';
const TABLE = 'blobs';
const RSS_LIMIT_MB = 300;

const checks: Check[] = [];
type Written = { written: number };
const op = (m: SidecarMeasured) => `operation ${m.opSeconds.toFixed(2)} s`;

/** Runs `work` in a fresh dir under `scratch` (removed afterwards), the page cache warmed first. */
async function inDir<T>(scratch: string, name: string, round: number, data: SSTableFiles, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(scratch, `${name}-`));
  log(`${name} ${round + 1}/${REPEAT}`);
  try {
    await warm(data.paths);
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function checkSnapshotsCleared(node: BenchNode, after: string): Promise<void> {
  const left = await leftoverSnapshots(node, KEYSPACE);
  if (left.length > 0) {
    console.log(`WARNING: snapshot(s) ${left.join(', ')} left on the node after ${after}; cleared now`);
    for (const tag of left) await node.snapshots.clear(tag, [KEYSPACE]);
  }
}

/**
 * A full backup that starts cold (fresh hash cache, empty location), then an incremental one with
 * both kept, run by `backup(location, tag)` in a fresh dir; `stateDir` holds our local state.
 */
async function fullThenIncremental<M extends { seconds: number }>(
  node: BenchNode,
  data: SSTableFiles,
  dir: string,
  what: string,
  backup: (location: string, tag: string) => Promise<M>,
): Promise<{ full: M & Written; incr: M & Written }> {
  const location = `file://${dir}/bucket/bench/dc1/node1`;
  const full = await backup(location, `${what}full`);
  await checkSnapshotsCleared(node, `our ${what} full backup`);
  const written = await dirBytes(join(dir, 'bucket'));
  await warm(data.paths);
  const incr = await backup(location, `${what}incr`);
  await checkSnapshotsCleared(node, `our ${what} incremental backup`);
  return { full: { ...full, written }, incr: { ...incr, written: (await dirBytes(join(dir, 'bucket'))) - written } };
}

/** Rounds alternate baselines and ours, so a load change on the machine hits all alike. */
async function benchFile(node: BenchNode, data: SSTableFiles, scratch: string): Promise<void> {
  const target = { jolokiaUrl: node.jolokiaUrl, keyspace: KEYSPACE };
  let esop: (Measured & Written) | undefined, fl: Awaited<ReturnType<typeof floor>> | undefined;
  let cli: { full: Measured & Written; incr: Measured & Written } | undefined;
  let side: { full: SidecarMeasured & Written; incr: SidecarMeasured & Written } | undefined;
  for (let round = 0; round < REPEAT; round++) {
    const e = await inDir(scratch, 'esop', round, data, async (dir) => {
      const m = await esopBackup(node.jmx, node.dataDir, KEYSPACE, `file://${dir}/bucket/bench/dc1/node1`, `esop${round}`);
      await checkSnapshotsCleared(node, 'Esop');
      return { ...m, written: await dirBytes(dir) };
    });
    const c = await inDir(scratch, 'file-cli', round, data, (dir) =>
      fullThenIncremental(node, data, dir, `cli${round}`, (location, tag) => oursBackup(target, location, tag, join(dir, 'icarus'))),
    );
    const sc = await inDir(scratch, 'file-sidecar', round, data, async (dir) => {
      const sidecar = await BenchSidecar.start(node.jolokiaUrl, join(dir, 'icarus'));
      try {
        return await fullThenIncremental(node, data, dir, `sc${round}`, (location, tag) => sidecar.backup(target, location, tag));
      } finally {
        await sidecar.stop();
      }
    });
    const f = await inDir(scratch, 'floor', round, data, (dir) => floor(data.paths, dir));
    esop = faster(esop, e);
    fl = faster(fl, f);
    cli = { full: faster(cli?.full, c.full), incr: faster(cli?.incr, c.incr) };
    side = { full: faster(side?.full, sc.full), incr: faster(side?.incr, sc.incr) };
  }
  if (!esop || !fl || !cli || !side) throw new Error('no round ran');
  const e: Check = { name: 'file/esop', ratio: cli.full.seconds / esop.seconds, op: '≤', target: 0.25, mode: 'cli' };
  const f: Check = { name: 'file/floor', ratio: cli.full.seconds / fl.seconds, op: '≤', target: 1.5, mode: 'cli' };
  const i: Check = { name: 'incr/full', ratio: side.incr.seconds / side.full.seconds, op: '<', target: 0.05, mode: 'sidecar' };
  checks.push(e, f, i);
  console.log(
    `file/esop   ours cli ${s(cli.full)} (${gib(cli.full.written)} written, peak RSS ${mb(cli.full)}) esop ${s(esop)} ` +
      `(${gib(esop.written)} written, peak RSS ${mb(esop)})  time ratio ${e.ratio.toFixed(3)} ${verdict(e)}`,
  );
  console.log(
    `            ours sidecar ${s(side.full)} (${op(side.full)}, ${gib(side.full.written)} written, sidecar peak RSS ${mb(side.full)})  ` +
      `time ratio ${(side.full.seconds / esop.seconds).toFixed(3)}`,
  );
  console.log(`file/floor  ours cli ${s(cli.full)} floor ${s(fl)} (cp ${s(fl.copy)} + sha256 ${s(fl.hash)})  time ratio ${f.ratio.toFixed(3)} ${verdict(f)}`);
  console.log(`            ours sidecar ${s(side.full)}  time ratio ${(side.full.seconds / fl.seconds).toFixed(3)}`);
  console.log(
    `incr/full   sidecar: incremental ${s(side.incr)} (${op(side.incr)}, ${side.incr.written} bytes written) full ${s(side.full)} ` +
      `(${op(side.full)})  time ratio ${i.ratio.toFixed(3)} ${verdict(i)}`,
  );
  console.log(
    `            cli: incremental ${s(cli.incr)} (${cli.incr.written} bytes written, peak RSS ${mb(cli.incr)}) full ${s(cli.full)}  ` +
      `time ratio ${(cli.incr.seconds / cli.full.seconds).toFixed(3)} (not the target: a one-shot CLI pays Node start-up and module loading every run)`,
  );
}

async function benchS3(node: BenchNode, data: SSTableFiles, scratch: string, s3Env: Record<string, string>): Promise<number> {
  const tableDir = dirname(data.paths[0]);
  const target = { jolokiaUrl: node.jolokiaUrl, keyspace: KEYSPACE };
  let raw: Measured | undefined, cli: Measured | undefined, side: SidecarMeasured | undefined;
  for (let round = 0; round < REPEAT; round++) {
    raw = faster(raw, await inDir(scratch, 'raw-s3', round, data, () => rawS3Upload(tableDir, `raw${round}`, s3Env)));
    cli = faster(cli, await inDir(scratch, 's3-cli', round, data, (dir) => oursBackup(target, `s3://ours${round}/bench/dc1/node1`, `s3cli${round}`, dir, s3Env)));
    await checkSnapshotsCleared(node, 'our S3 backup (cli)');
    const sc = await inDir(scratch, 's3-sidecar', round, data, async (dir) => {
      const sidecar = await BenchSidecar.start(node.jolokiaUrl, dir, s3Env);
      try {
        return await sidecar.backup(target, `s3://sidecar${round}/bench/dc1/node1`, `s3sc${round}`);
      } finally {
        await sidecar.stop();
      }
    });
    await checkSnapshotsCleared(node, 'our S3 backup (sidecar)');
    side = faster(side, sc);
  }
  if (!raw || !cli || !side) throw new Error('no round ran');
  const c: Check = { name: 's3/raw', ratio: raw.seconds / cli.seconds, op: '≥', target: 0.95, mode: 'cli' };
  const r: Check = { name: 'rss', ratio: cli.peakRssMB, op: '<', target: RSS_LIMIT_MB, mode: 'cli' };
  checks.push(c, r);
  const rate = (m: { seconds: number }) => `${(data.bytes / 1e6 / m.seconds).toFixed(0)} MB/s`;
  console.log(
    `s3/raw      ours cli ${s(cli)} (${rate(cli)}) raw SDK ${s(raw)} (${rate(raw)}, peak RSS ${mb(raw)})  throughput ratio ${c.ratio.toFixed(3)} ${verdict(c)}`,
  );
  console.log(`            ours sidecar ${s(side)} (${rate(side)}, ${op(side)})  throughput ratio ${(raw.seconds / side.seconds).toFixed(3)}`);
  console.log(`rss         ours cli → S3 peak RSS ${mb(cli)}  target <${RSS_LIMIT_MB} MB ${pass(r) ? 'PASS' : 'FAIL'}; sidecar peak RSS during its S3 backup ${mb(side)}`);
  return cli.peakRssMB;
}

const node = await startBenchBed();
const loadAtStart = loadavg()[0];
let emulators: RunningEmulators | undefined;
let scratch: string | undefined;
try {
  emulators = await startEmulators(['s3']);
  scratch = await mkdtemp(join(tmpdir(), 'icarus-backup-bench-'));
  await fetchEsop();
  const loadStart = performance.now();
  const data = await loadData(node, KEYSPACE, TABLE, TARGET_GB * GiB);
  const loadSeconds = (performance.now() - loadStart) / 1000;
  console.log(
    `data: ${gib(data.bytes)} in ${data.sstables} SSTables (${data.paths.length} files) of ${KEYSPACE}.${TABLE}, 1 MiB random blob rows, ` +
      `RF 1, autocompaction off; loaded and flushed in ${loadSeconds.toFixed(0)} s; node ${node.ip}, JMX ${node.jmx}`,
  );
  console.log(
    `method: each baseline and each cli run a child process, each sidecar run a POST to a running sidecar polled every 50 ms; ` +
      `best of ${REPEAT}; peak RSS by ${RSS_METHOD} (sidecar: VmHWM reset before the backup); page cache warmed (cat of every SSTable file) and sync before each phase`,
  );
  await benchFile(node, data, scratch);
  const rss = await benchS3(node, data, scratch, emulators.env);
  console.log(`machine: ${availableParallelism()} cores, load average (1 min) ${loadAtStart.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end`);
  const show = (name: string, digits = 2) => summaryPart(checks.find((c) => c.name === name)!, digits);
  const passed = checks.filter(pass).length;
  console.log(
    `SUMMARY backup ${(data.bytes / GiB).toFixed(1)} GiB: ${show('s3/raw')} rss ${rss.toFixed(0)} MB (<${RSS_LIMIT_MB}, cli) ` +
      `${show('file/esop')} ${show('file/floor')} ${show('incr/full', 3)} — ${passed}/${checks.length} targets met`,
  );
} finally {
  if (scratch) await rm(scratch, { recursive: true, force: true });
  await emulators?.stop();
  await node.stop();
}
