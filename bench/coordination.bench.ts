/**
 * Coordination benchmark (`npm run bench:coordination`), not a test. A cluster-wide operation whose
 * per-node work is instant (test-global: phases of 1-step, 0 ms test-sleeps), coordinated by a real
 * sidecar process (embedded Redis, as in production), against (a) 3 real sidecar processes and
 * (b) 50 simulated peers (fake sidecars in this harness). Overhead per phase = the phase's wall time
 * minus its slowest node's own time; targets < 1 s at 3 nodes, < 3 s at 50. Then the Redis memory
 * one finished 50-node operation keeps. The last line is the summary.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { FakeJolokia } from '../test/support/fake-jolokia.js';
import { freePort } from '../test/support/ports.js';
import { SidecarProcess } from '../test/support/sidecar-process.js';
import { http, waitForState } from '../test/support/sidecar.js';
import { FakePeers } from './coordination-fake-peers.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PHASES = Number(process.env.BENCH_PHASES ?? 5);
const SIMULATED = Number(process.env.BENCH_PEERS ?? 50);

interface Measured {
  perPhase: number[];
  endToEnd: number[];
}

const scratch = await mkdtemp(join(tmpdir(), 'icarus-coordination-bench-'));
const processes: SidecarProcess[] = [];
const closers: Array<() => Promise<void>> = [];

/** A sidecar process with its own embedded Redis, on a port chosen beforehand (so peer maps can name it). */
async function sidecar(port: number, jolokiaUrl: string, peerUrls: string): Promise<{ url: string; dataDir: string }> {
  const dataDir = await mkdtemp(join(scratch, 'sidecar-'));
  const process = new SidecarProcess({ listen: `127.0.0.1:${port}`, dataDir, jolokiaUrl, peerUrls });
  await process.start();
  processes.push(process);
  return { url: process.url, dataDir };
}

async function measure(base: string, label: string): Promise<Measured> {
  const perPhase: number[] = [];
  const endToEnd: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const posted = await http(base, 'POST', '/operations', { type: 'test-global', phases: PHASES, steps: 1, stepMs: 0 });
    const done = await waitForState(base, posted.json.id, ['COMPLETED', 'FAILED', 'CANCELLED'], 120_000);
    if (done.state !== 'COMPLETED') throw new Error(`${label}: ${done.state} ${JSON.stringify(done.errors)}`);
    if (run === 0) continue; // warm-up: connections, JIT
    const phases = done.phases as Array<{ startTime: string; completionTime: string; slowestNodeSeconds: number }>;
    const own = phases.reduce((sum, p) => sum + p.slowestNodeSeconds, 0);
    perPhase.push(...phases.map((p) => (Date.parse(p.completionTime) - Date.parse(p.startTime)) / 1000 - p.slowestNodeSeconds));
    endToEnd.push(((Date.parse(done.completionTime) - Date.parse(done.creationTime)) / 1000 - own) / phases.length);
  }
  const m = { perPhase, endToEnd };
  console.log(`${label}: barrier per phase median ${fmt(median(perPhase))} s, max ${fmt(Math.max(...perPhase))} s; ` +
    `end to end (POST → COMPLETED, minus node time) per phase median ${fmt(median(endToEnd))} s, max ${fmt(Math.max(...endToEnd))} s  [${RUNS} runs × ${PHASES} phases]`);
  return m;
}

/**
 * What the coordinator's Redis keeps per finished operation: used_memory before and after `count`
 * more of them (INFO memory), and the operation job's own hash (MEMORY USAGE). Phase jobs are
 * deleted when an operation ends; the coordination queue's event stream is capped at 100 entries.
 */
async function redisPerOperation(dataDir: string, base: string, count: number): Promise<{ perOp: number; jobHash: number; phaseJobsLeft: number }> {
  const redis = new Redis({ path: join(dataDir, 'redis', 'redis.sock') });
  try {
    const used = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
    const before = await used();
    let last = '';
    for (let i = 0; i < count; i++) {
      const posted = await http(base, 'POST', '/operations', { type: 'test-global', phases: PHASES, steps: 1, stepMs: 0 });
      await waitForState(base, posted.json.id, ['COMPLETED'], 120_000);
      last = posted.json.id;
    }
    const after = await used();
    const [jobKey] = await redis.keys(`*:operations:${last}`);
    const jobHash = Number(await redis.call('MEMORY', 'USAGE', jobKey, 'SAMPLES', '0'));
    const phaseJobsLeft = (await redis.keys('*:coordination:*-p*')).length;
    return { perOp: (after - before) / count, jobHash, phaseJobsLeft };
  } finally {
    redis.disconnect();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (s: number) => s.toFixed(3);

try {
  const loadAtStart = loadavg()[0];
  // (a) 3 real sidecars, each its own process and embedded Redis; the fake Jolokia tells the coordinator who they are.
  const real = await FakeJolokia.start(FakeJolokia.nodes(3));
  closers.push(() => real.close());
  const ports = [await freePort(), await freePort(), await freePort()];
  const realMap = real.nodes.map((n, i) => `${n.hostId}=http://127.0.0.1:${ports[i]}`).join(',');
  for (const port of ports) await sidecar(port, real.url, realMap);
  const three = await measure(`http://127.0.0.1:${ports[0]}`, '3 real sidecars');

  // (b) one real coordinator and SIMULATED fake peers.
  const peers = await FakePeers.start(SIMULATED);
  closers.push(() => peers.close());
  const simulated = await FakeJolokia.start(FakeJolokia.nodes(SIMULATED, 'dc1', 20));
  closers.push(() => simulated.close());
  const map = simulated.nodes.map((n, i) => `${n.hostId}=${peers.urls()[i]}`).join(',');
  const port = await freePort();
  const coordinator = await sidecar(port, simulated.url, map);
  const fifty = await measure(coordinator.url, `${SIMULATED} simulated peers`);
  const memory = await redisPerOperation(coordinator.dataDir, coordinator.url, 10);
  console.log(`Redis per finished ${SIMULATED}-node operation (${PHASES} phases): ${(memory.perOp / 1024).toFixed(1)} KiB of used_memory (INFO memory, over 10 operations), ` +
    `of which its operation job hash ${(memory.jobHash / 1024).toFixed(1)} KiB (MEMORY USAGE: plan, phase outcomes, per-node view); phase jobs left: ${memory.phaseJobsLeft}`);
  console.log(`machine: ${availableParallelism()} cores, load average (1 min) ${loadAtStart.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end`);
  const ok3 = Math.max(...three.endToEnd) < 1;
  const ok50 = Math.max(...fifty.endToEnd) < 3;
  console.log(`SUMMARY coordination overhead per phase (worst end to end): 3 nodes ${fmt(Math.max(...three.endToEnd))} s (<1 s ${ok3 ? 'met' : 'MISSED'}), ` +
    `${SIMULATED} nodes ${fmt(Math.max(...fifty.endToEnd))} s (<3 s ${ok50 ? 'met' : 'MISSED'}); Redis ${(memory.perOp / 1024).toFixed(1)} KiB per finished ${SIMULATED}-node operation`);
} finally {
  for (const process of processes) await process.stop();
  for (const close of closers) await close();
  await rm(scratch, { recursive: true, force: true });
}
