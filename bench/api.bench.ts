/**
 * Operations API benchmark (`npm run bench:api`), not a test. Sidecar processes with their embedded
 * Redis, as in production (the test-only operation types registered, as the other benches do), one
 * per retained level: 100, 1,000 and 10,000 finished operations (ten real test-sleep-once among
 * them; the rest copies of a real completed test-sleep written straight into Redis in the shape the
 * engine writes, see api-bench-fill.ts), and one with none. Measured: p50/p99 of GET
 * /operations/{id}, of filtered lists matching ≤ 10 operations (state and type filters) and of the
 * full list; the submission rate of 100 parallel clients with none and with 10,000 retained.
 * The machine may be shared and noisy: requests go to the levels in turn, so a pause hits them
 * alike, and the CPU each request cost (sidecar process + its Redis) is shown beside its latency;
 * submission rounds alternate between none and 10,000 retained. Targets (ratios within the run):
 * filtered p99 @10k ÷ @100 ≤ 1.5; full-list cost per returned operation @10k ≤ 2× @1k; submission
 * rate @10k ≥ 0.8× @0.
 * The last line is the summary.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchSidecar, interleaved, percentiles, type Samples, submit } from './api-bench-measure.js';

const LEVELS = [100, 1_000, 10_000];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 1_000);
const FULL_SAMPLES = Number(process.env.BENCH_FULL_SAMPLES ?? 15);
const CLIENTS = 100;
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 1_000);
/** Filtered lists, each matching ≤ 10 operations at every level: [query, how many it matches]. */
const FILTERED: Array<[string, number]> = [
  ['?type=test-sleep-once', 10],
  ['?state=FAILED', 3],
  ['?state=RUNNING&type=test-sleep', 0],
  ['?state=COMPLETED&type=test-sleep-once', 7],
];

type Kind = 'get' | 'filtered' | 'full';
const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ms`;
const list = (values: number[], f: (v: number) => string) => values.map(f).join(', ');

interface SubmissionRound {
  rate: number;
  /** CPU ms per operation (its POST and its run), in the sidecar process and in Redis. */
  sidecarMs: number;
  redisMs: number;
}

/** One submission round: the rate, then the operations it made are run and forgotten (the retained count stays). */
async function submissionRound(sidecar: BenchSidecar): Promise<SubmissionRound> {
  const before = await sidecar.cpuSeconds();
  const { rate, ids } = await submit(sidecar, CLIENTS, SUBMISSIONS);
  await sidecar.drained();
  const after = await sidecar.cpuSeconds();
  await sidecar.forget(ids);
  return { rate, sidecarMs: ((after.sidecar - before.sidecar) * 1000) / SUBMISSIONS, redisMs: ((after.redis - before.redis) * 1000) / SUBMISSIONS };
}

const scratch = await mkdtemp(join(tmpdir(), 'icarus-api-bench-'));
const sidecars: BenchSidecar[] = [];
try {
  const loadAtStart = loadavg()[0];
  sidecars.push(...(await Promise.all([...LEVELS, 0].map((_, i) => BenchSidecar.start(join(scratch, `sidecar-${i}`))))));
  const levels = sidecars.slice(0, LEVELS.length);
  const empty = sidecars[LEVELS.length];
  await Promise.all(levels.map((s, i) => s.retain(LEVELS[i])));

  // GETs by id, then filtered lists, then full lists (whose garbage would otherwise be collected
  // during the small reads), each kind sent to the three levels in turn.
  const ids = (i: number) => levels[i].filler!.ids;
  const expected = new Map(FILTERED);
  const measured: Record<Kind, Array<Samples & { cpuMs: number }>> = {
    get: await interleaved(levels, (i) => Array.from({ length: 50 }, (_, k) => `/operations/${ids(i)[Math.floor((k * ids(i).length) / 50)]}`), SAMPLES),
    filtered: await interleaved(levels, () => FILTERED.map(([q]) => `/operations${q}`), SAMPLES, (_, path, n) => {
      if (n !== expected.get(path.slice('/operations'.length))) throw new Error(`${path} matched ${n} operations`);
    }),
    full: await interleaved(levels, () => ['/operations'], FULL_SAMPLES, (i, _, n) => {
      if (n !== LEVELS[i]) throw new Error(`the full list has ${n} operations, expected ${LEVELS[i]}`);
    }),
  };
  const at = (i: number, kind: Kind, p: 'p50' | 'p99') => percentiles([measured[kind][i]])[p];
  const cpuOf = (i: number, kind: Kind) => `${measured[kind][i].cpuMs.toFixed(2)} ms CPU`;
  LEVELS.forEach((retained, i) => {
    const perOp = (at(i, 'full', 'p50') / retained) * 1000;
    console.log(`retained ${String(retained).padStart(6)}: GET /operations/{id} p50 ${ms(at(i, 'get', 'p50'))} p99 ${ms(at(i, 'get', 'p99'))} (${cpuOf(i, 'get')}); ` +
      `filtered (${FILTERED.length} queries, ≤ 10 matches) p50 ${ms(at(i, 'filtered', 'p50'))} p99 ${ms(at(i, 'filtered', 'p99'))} (${cpuOf(i, 'filtered')}); ` +
      `full list p50 ${ms(at(i, 'full', 'p50'))} p99 ${ms(at(i, 'full', 'p99'))} (${cpuOf(i, 'full')}), ${perOp.toFixed(1)} µs per operation`);
  });

  // Submission: a warm-up round on each, then short rounds alternating between them (so both see
  // the same machine), the rate being all POSTs over all their rounds' time.
  const large = levels[LEVELS.length - 1];
  await submissionRound(empty);
  await submissionRound(large);
  const runs = { empty: [] as SubmissionRound[], large: [] as SubmissionRound[] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? (['empty', 'large'] as const) : (['large', 'empty'] as const);
    for (const side of order) runs[side].push(await submissionRound(side === 'empty' ? empty : large));
  }
  const overall = (rs: SubmissionRound[]) => (rs.length * SUBMISSIONS) / rs.reduce((sum, r) => sum + SUBMISSIONS / r.rate, 0);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const rateEmpty = overall(runs.empty);
  const rateLarge = overall(runs.large);
  const perSecond = (v: number) => `${v.toFixed(0)}/s`;
  const cpu = (rs: SubmissionRound[]) => `CPU per operation (POST and run) sidecar ${mean(rs.map((r) => r.sidecarMs)).toFixed(2)} ms, Redis ${mean(rs.map((r) => r.redisMs)).toFixed(2)} ms`;
  console.log(`submission (${CLIENTS} parallel clients, ${SUBMISSIONS} POSTs a round), 0 retained: ${perSecond(rateEmpty)} [${list(runs.empty.map((r) => r.rate), perSecond)}]; ${cpu(runs.empty)}`);
  console.log(`submission, ${LEVELS.at(-1)} retained: ${perSecond(rateLarge)} [${list(runs.large.map((r) => r.rate), perSecond)}]; ${cpu(runs.large)}`);

  const [small, middle, last] = [0, 1, LEVELS.length - 1];
  const filteredRatio = at(last, 'filtered', 'p99') / at(small, 'filtered', 'p99');
  const perOpRatio = at(last, 'full', 'p50') / LEVELS[last] / (at(middle, 'full', 'p50') / LEVELS[middle]);
  const submitRatio = rateLarge / rateEmpty;
  const checks = [filteredRatio <= 1.5, perOpRatio <= 2, submitRatio >= 0.8];
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  console.log(`machine: ${availableParallelism()} cores, load average (1 min) ${loadAtStart.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end; ${SAMPLES} samples per level (full lists ${FULL_SAMPLES}), levels in turn; submissions: ${ROUNDS} rounds a side, in turn`);
  console.log(`SUMMARY api: filtered p99 @10k/@100 ${filteredRatio.toFixed(2)} (≤1.5 ${verdict(checks[0])}), ` +
    `full list per op @10k/@1k ${perOpRatio.toFixed(2)} (≤2 ${verdict(checks[1])}), ` +
    `submission @10k/@0 ${submitRatio.toFixed(2)} (≥0.8 ${verdict(checks[2])}); ` +
    `p99 @10k: get ${ms(at(last, 'get', 'p99'))}, filtered ${ms(at(last, 'filtered', 'p99'))}, full ${ms(at(last, 'full', 'p99'))}; ` +
    `submissions ${perSecond(rateEmpty)} → ${perSecond(rateLarge)} — ${verdict(checks.every(Boolean))}`);
} finally {
  for (const sidecar of sidecars) await sidecar.stop();
  await rm(scratch, { recursive: true, force: true });
}
