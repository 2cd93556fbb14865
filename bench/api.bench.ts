/**
 * Operations API benchmark (`npm run bench:api`), not a test. One sidecar process with its embedded
 * Redis, as in production (the test-only operation types registered, as the other benches do).
 * Retained finished operations at 100, 1,000 and 10,000 (copies of a real completed operation,
 * written straight into Redis in the shape the engine writes: bench/api-bench-fill.ts), plus ten
 * real operations of a rarer type. At each level: p50/p99 of GET /operations/{id}, of filtered
 * lists matching ≤ 10 operations, and of the full list; then the submission rate of 100 parallel
 * clients with none and with 10,000 retained. Targets, as same-run ratios: filtered p99 @10k ÷
 * @100 ≤ 1.5; full-list cost per returned operation @10k ≤ 2× @1k; submission rate @10k ≥ 0.8× @0.
 * The last line is the summary.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { operationKeys } from '../src/queues/operation-keys.js';
import { freePort } from '../test/support/ports.js';
import { SidecarProcess } from '../test/support/sidecar-process.js';
import { http, waitFor, waitForState } from '../test/support/sidecar.js';
import { forgetFinished, RetainedFiller } from './api-bench-fill.js';

const LEVELS = [100, 1_000, 10_000];
const CLIENTS = 100;
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 2_000);
const GETS = Number(process.env.BENCH_GETS ?? 300);
const PREFIX = 'icarus';
/** Filtered lists, each matching ≤ 10 operations: [query, how many it matches]. */
const FILTERED: Array<[string, number]> = [
  ['?type=test-sleep-once', 10],
  ['?state=FAILED', 3],
  ['?state=RUNNING&type=test-sleep', 0],
  ['?state=COMPLETED&type=test-sleep-once', 7],
];

interface Latency {
  p50: number;
  p99: number;
  count: number;
}
interface Level {
  retained: number;
  get: Latency;
  filtered: Latency;
  full: Latency;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ms`;

/** Times GETs of `paths` (cycled, one at a time) to the last byte; `count` is the last answer's array length. */
async function latency(base: string, paths: string[], samples: number, expect?: (path: string, length: number) => void): Promise<Latency> {
  const times: number[] = [];
  let count = 0;
  for (let i = -Math.min(5, samples); i < samples; i++) {
    const path = paths[(i + paths.length * 10) % paths.length];
    const started = performance.now();
    const response = await fetch(base + path);
    const body = await response.text();
    const elapsed = performance.now() - started;
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${body.slice(0, 200)}`);
    const json = JSON.parse(body) as unknown;
    count = Array.isArray(json) ? json.length : 1;
    expect?.(path, count);
    if (i >= 0) times.push(elapsed); // the first few warm up
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), count };
}

/** Operations accepted per second from CLIENTS parallel clients, SUBMISSIONS in all. */
async function submissionRate(base: string): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (next++ < SUBMISSIONS) {
      const response = await http(base, 'POST', '/operations', { type: 'test-sleep', steps: 1, stepMs: 0 });
      if (response.status !== 201) throw new Error(`POST answered ${response.status}: ${response.text}`);
    }
  }));
  return SUBMISSIONS / ((performance.now() - started) / 1000);
}

/** Waits until nothing is PENDING or RUNNING. */
function drained(base: string): Promise<boolean> {
  return waitFor('submitted operations to finish', async () => {
    const { json } = await http(base, 'GET', '/operations?state=PENDING&state=RUNNING&limit=1');
    return json.length === 0 ? true : undefined;
  }, 300_000);
}

async function measureLevel(base: string, retained: number, ids: string[]): Promise<Level> {
  const sampleIds = Array.from({ length: 50 }, (_, i) => `/operations/${ids[Math.floor((i * ids.length) / 50)]}`);
  const get = await latency(base, sampleIds, GETS);
  const matches = new Map(FILTERED);
  const filtered = await latency(base, FILTERED.map(([q]) => `/operations${q}`), GETS, (path, n) => {
    const expected = matches.get(path.slice('/operations'.length));
    if (n !== expected) throw new Error(`${path} matched ${n}, expected ${expected}`);
  });
  const full = await latency(base, ['/operations'], retained <= 1_000 ? 40 : 15);
  if (full.count !== retained) throw new Error(`the full list has ${full.count} operations, expected ${retained}`);
  const level = { retained, get, filtered, full };
  console.log(`retained ${String(retained).padStart(6)}: GET /operations/{id} p50 ${ms(get.p50)} p99 ${ms(get.p99)}; ` +
    `filtered (${FILTERED.length} queries, ≤ 10 matches) p50 ${ms(filtered.p50)} p99 ${ms(filtered.p99)}; ` +
    `full list (${full.count}) p50 ${ms(full.p50)} p99 ${ms(full.p99)}, ${((full.p50 / full.count) * 1000).toFixed(1)} µs per operation`);
  return level;
}

const scratch = await mkdtemp(join(tmpdir(), 'icarus-api-bench-'));
const dataDir = join(scratch, 'sidecar');
const sidecar = new SidecarProcess({ listen: `127.0.0.1:${await freePort()}`, dataDir });
let redis: Redis | undefined;
try {
  const loadAtStart = loadavg()[0];
  await sidecar.start();
  const base = sidecar.url;
  redis = new Redis({ path: join(dataDir, 'redis', 'redis.sock') });
  const keys = operationKeys(PREFIX);

  // Submission with none retained: a warm-up round first (JIT, connections), forgotten with what it made.
  await submissionRate(base);
  await drained(base);
  await forgetFinished(redis, keys, PREFIX);
  const rateEmpty = await submissionRate(base);
  await drained(base);
  await forgetFinished(redis, keys, PREFIX);
  console.log(`submission with 0 retained: ${rateEmpty.toFixed(0)} operations/s (${CLIENTS} parallel clients, ${SUBMISSIONS} POSTs)`);

  // Real operations: the one copied by the filler, and ten of a rarer type (7 COMPLETED, 3 FAILED).
  const post = async (body: Record<string, unknown>) => (await http(base, 'POST', '/operations', body)).json.id as string;
  const template = await post({ type: 'test-sleep', steps: 1, stepMs: 0 });
  const rare = [];
  for (let i = 0; i < 10; i++) rare.push(await post({ type: 'test-sleep-once', steps: 1, stepMs: 0, fail: i < 3 }));
  for (const id of [template, ...rare]) await waitForState(base, id, ['COMPLETED', 'FAILED'], 60_000);
  const filler = await RetainedFiller.from(redis, keys, template);

  const levels: Level[] = [];
  for (const retained of LEVELS) {
    await filler.fillTo(retained);
    levels.push(await measureLevel(base, retained, filler.ids));
  }
  const rateFull = await submissionRate(base);
  console.log(`submission with ${LEVELS.at(-1)} retained: ${rateFull.toFixed(0)} operations/s`);
  await drained(base);

  const [small, middle, large] = levels;
  const filteredRatio = large.filtered.p99 / small.filtered.p99;
  const perOpRatio = large.full.p50 / large.full.count / (middle.full.p50 / middle.full.count);
  const submitRatio = rateFull / rateEmpty;
  const checks = [filteredRatio <= 1.5, perOpRatio <= 2, submitRatio >= 0.8];
  console.log(`ratios: filtered p99 @10k ÷ @100 = ${filteredRatio.toFixed(2)} (≤ 1.5); full list per operation @10k ÷ @1k = ${perOpRatio.toFixed(2)} (≤ 2); ` +
    `submission rate @10k ÷ @0 = ${submitRatio.toFixed(2)} (≥ 0.8)`);
  console.log(`machine: ${availableParallelism()} cores, load average (1 min) ${loadAtStart.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end`);
  console.log(`SUMMARY api: filtered p99 @10k/@100 ${filteredRatio.toFixed(2)} (≤1.5 ${checks[0] ? 'PASS' : 'FAIL'}), ` +
    `full list per op @10k/@1k ${perOpRatio.toFixed(2)} (≤2 ${checks[1] ? 'PASS' : 'FAIL'}), ` +
    `submission @10k/@0 ${submitRatio.toFixed(2)} (≥0.8 ${checks[2] ? 'PASS' : 'FAIL'}); ` +
    `p99 @10k: get ${ms(large.get.p99)}, filtered ${ms(large.filtered.p99)}, full ${ms(large.full.p99)}; ` +
    `${rateEmpty.toFixed(0)} → ${rateFull.toFixed(0)} submissions/s — ${checks.every(Boolean) ? 'PASS' : 'FAIL'}`);
} finally {
  redis?.disconnect();
  await sidecar.stop();
  await rm(scratch, { recursive: true, force: true });
}
