/**
 * Backup benchmark (`npm run bench:backup`, issue 8), not a test. On a 1-node bed of its own
 * (testbed/testbed on 127.0.1.1, JMX on 127.0.0.1:17100; BENCH_REUSE_BED=1 uses the running one) it
 * loads BENCH_GB GiB (default 2) of SSTables and times `icarus esop backup` as a child process
 * against baselines measured in the same run, each phase alone, best of BENCH_REPEAT (default 1)
 * rounds in which baseline and ours alternate:
 *   s3/raw      ours → S3 emulator ÷ a raw-SDK upload of the same files (throughput, ≥ 0.95; peak RSS < 300 MB)
 *   file/esop   ours → file:// ÷ Esop 3.0.1 → file:// (time, ≤ 0.25)
 *   file/floor  ours → file:// ÷ cp + openssl dgst -sha256 of the files (time, ≤ 1.5)
 *   incr/full   a second backup of the unchanged node (same hash cache, same location) ÷ the full one (time, < 0.05)
 * Before every timed phase all SSTable files are read once (page cache warm) and dirty pages synced.
 * The last line is the summary. A run killed midway leaves its bed running; stop it with
 * `TESTBED_DIR=$PWD/.testbed/bench TESTBED_IP_PREFIX=127.0.1 TESTBED_JMX_BASE=17000 testbed/testbed down`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { leftoverSnapshots, loadData, startBenchBed, type BenchNode, type SSTableFiles } from './backup-bench-bed.js';
import { dirBytes, esopBackup, floor, oursBackup, rawS3Upload, RSS_METHOD, warm, type Measured } from './backup-bench-runs.js';
import { startEmulators, type RunningEmulators } from '../test/support/emulators.js';
import { fetchEsop } from '../test/support/esop.js';

const GiB = 1024 ** 3;
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const TARGET_GB = num('BENCH_GB', 2);
const REPEAT = Math.max(1, num('BENCH_REPEAT', 1));
const KEYSPACE = 'bench_backup';
const TABLE = 'blobs';
const RSS_LIMIT_MB = 300;

interface Check {
  name: string;
  ratio: number;
  op: '≥' | '≤' | '<';
  target: number;
}
const checks: Check[] = [];
const pass = (c: Check) => (c.op === '≥' ? c.ratio >= c.target : c.op === '≤' ? c.ratio <= c.target : c.ratio < c.target);
const verdict = (c: Check) => `target ${c.op}${c.target} ${pass(c) ? 'PASS' : 'FAIL'}`;
const s = (m: { seconds: number }) => `${m.seconds.toFixed(2)} s`;
const mb = (m: Measured) => `${m.peakRssMB.toFixed(0)} MB`;
const gib = (bytes: number) => `${(bytes / GiB).toFixed(2)} GiB`;
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** The faster of two measurements: BENCH_REPEAT keeps the best of n. */
const faster = <T extends { seconds: number }>(a: T | undefined, b: T): T => (a && a.seconds <= b.seconds ? a : b);

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

/** Rounds alternate baseline and ours, so a load change on the machine hits both alike. */
async function benchFile(node: BenchNode, data: SSTableFiles, scratch: string): Promise<void> {
  const target = { jolokiaUrl: node.jolokiaUrl, keyspace: KEYSPACE };
  type Written = Measured & { written: number };
  let esop: Written | undefined, full: Written | undefined, incr: Written | undefined;
  let fl: Awaited<ReturnType<typeof floor>> | undefined;
  for (let round = 0; round < REPEAT; round++) {
    const e = await inDir(scratch, 'esop', round, data, async (dir) => {
      const m = await esopBackup(node.jmx, node.dataDir, KEYSPACE, `file://${dir}/bucket/bench/dc1/node1`, `esop${round}`);
      await checkSnapshotsCleared(node, 'Esop');
      return { ...m, written: await dirBytes(dir) };
    });
    // A full run starts cold (fresh hash cache, empty location); the incremental follows with both kept.
    const ours = await inDir(scratch, 'file', round, data, async (dir) => {
      const location = `file://${dir}/bucket/bench/dc1/node1`;
      const stateDir = join(dir, 'icarus');
      const m = await oursBackup(target, location, `full${round}`, stateDir);
      await checkSnapshotsCleared(node, 'our full backup');
      const written = await dirBytes(join(dir, 'bucket'));
      await warm(data.paths);
      const again = await oursBackup(target, location, `incr${round}`, stateDir);
      await checkSnapshotsCleared(node, 'our incremental backup');
      return { full: { ...m, written }, incr: { ...again, written: (await dirBytes(join(dir, 'bucket'))) - written } };
    });
    const f = await inDir(scratch, 'floor', round, data, (dir) => floor(data.paths, dir));
    [esop, full, incr, fl] = [faster(esop, e), faster(full, ours.full), faster(incr, ours.incr), faster(fl, f)];
  }
  if (!esop || !full || !incr || !fl) throw new Error('no round ran');
  const e: Check = { name: 'file/esop', ratio: full.seconds / esop.seconds, op: '≤', target: 0.25 };
  const f: Check = { name: 'file/floor', ratio: full.seconds / fl.seconds, op: '≤', target: 1.5 };
  const i: Check = { name: 'incr/full', ratio: incr.seconds / full.seconds, op: '<', target: 0.05 };
  checks.push(e, f, i);
  console.log(
    `file/esop   ours ${s(full)} (${gib(full.written)} written, peak RSS ${mb(full)}) esop ${s(esop)} (${gib(esop.written)} written, ` +
      `peak RSS ${mb(esop)})  time ratio ${e.ratio.toFixed(3)} ${verdict(e)}`,
  );
  console.log(`file/floor  ours ${s(full)} floor ${s(fl)} (cp ${s(fl.copy)} + sha256 ${s(fl.hash)})  time ratio ${f.ratio.toFixed(3)} ${verdict(f)}`);
  console.log(
    `incr/full   incremental ${s(incr)} (${incr.written} bytes written, peak RSS ${mb(incr)}) full ${s(full)}  time ratio ${i.ratio.toFixed(3)} ${verdict(i)}`,
  );
}

async function benchS3(node: BenchNode, data: SSTableFiles, scratch: string, s3Env: Record<string, string>): Promise<number> {
  const tableDir = dirname(data.paths[0]);
  let raw: Measured | undefined, ours: Measured | undefined;
  for (let round = 0; round < REPEAT; round++) {
    raw = faster(raw, await inDir(scratch, 'raw-s3', round, data, () => rawS3Upload(tableDir, `raw${round}`, s3Env)));
    const m = await inDir(scratch, 's3', round, data, async (dir) => {
      const target = { jolokiaUrl: node.jolokiaUrl, keyspace: KEYSPACE };
      return oursBackup(target, `s3://ours${round}/bench/dc1/node1`, `s3${round}`, dir, s3Env);
    });
    await checkSnapshotsCleared(node, 'our S3 backup');
    ours = faster(ours, m);
  }
  if (!raw || !ours) throw new Error('no round ran');
  const c: Check = { name: 's3/raw', ratio: raw.seconds / ours.seconds, op: '≥', target: 0.95 };
  const r: Check = { name: 'rss', ratio: ours.peakRssMB, op: '<', target: RSS_LIMIT_MB };
  checks.push(c, r);
  const rate = (m: Measured) => `${(data.bytes / 1e6 / m.seconds).toFixed(0)} MB/s`;
  console.log(
    `s3/raw      ours ${s(ours)} (${rate(ours)}) raw SDK ${s(raw)} (${rate(raw)}, peak RSS ${mb(raw)})  throughput ratio ${c.ratio.toFixed(3)} ${verdict(c)}`,
  );
  console.log(`rss         ours → S3 peak RSS ${mb(ours)}  target <${RSS_LIMIT_MB} MB ${pass(r) ? 'PASS' : 'FAIL'}`);
  return ours.peakRssMB;
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
  console.log(`method: each phase a child process, best of ${REPEAT}; peak RSS by ${RSS_METHOD}; page cache warmed (cat of every SSTable file) and sync before each phase`);
  await benchFile(node, data, scratch);
  const rss = await benchS3(node, data, scratch, emulators.env);
  console.log(`machine: ${availableParallelism()} cores, load average (1 min) ${loadAtStart.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end`);
  const show = (name: string) => checks.find((c) => c.name === name)!;
  const part = (name: string, digits = 2) => `${name} ${show(name).ratio.toFixed(digits)} (${show(name).op}${show(name).target})`;
  const passed = checks.filter(pass).length;
  console.log(
    `SUMMARY backup ${(data.bytes / GiB).toFixed(1)} GiB: ${part('s3/raw')} rss ${rss.toFixed(0)} MB (<${RSS_LIMIT_MB}) ` +
      `${part('file/esop')} ${part('file/floor')} ${part('incr/full', 3)} — ${passed}/${checks.length} targets met`,
  );
} finally {
  if (scratch) await rm(scratch, { recursive: true, force: true });
  await emulators?.stop();
  await node.stop();
}
