import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { unindexOperations } from '../src/queues/operation-index.js';
import { operationKeys } from '../src/queues/operation-keys.js';
import { freePort } from '../test/support/ports.js';
import { SidecarProcess } from '../test/support/sidecar-process.js';
import { http, waitFor, waitForState } from '../test/support/sidecar.js';
import { RetainedFiller } from './api-bench-fill.js';

const PREFIX = 'icarus';

/** Request times in ms, and how many operations the last answer held. */
export interface Samples {
  times: number[];
  count: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** p50 and p99 of all the samples given (rounds pooled). */
export function percentiles(samples: Samples[]): { p50: number; p99: number } {
  const sorted = samples.flatMap((s) => s.times).sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** A sidecar process with its embedded Redis (as in production), and direct access to that Redis. */
export class BenchSidecar {
  readonly redis: Redis;
  readonly keys = operationKeys(PREFIX);
  private readonly queue: Queue;
  private readonly queueConnection: Redis;
  filler?: RetainedFiller;

  private constructor(private readonly process: SidecarProcess, dataDir: string) {
    this.redis = new Redis({ path: join(dataDir, 'redis', 'redis.sock') });
    this.queueConnection = this.redis.duplicate({ maxRetriesPerRequest: null });
    this.queue = new Queue('operations', { connection: this.queueConnection, prefix: PREFIX });
  }

  static async start(dataDir: string): Promise<BenchSidecar> {
    // The engine's own cost is measured: no per-client POST limit, and caps far above what the bench keeps.
    const process = new SidecarProcess({
      listen: `127.0.0.1:${await freePort()}`, dataDir, postRateLimit: '0', maxPendingPerType: '1000000', maxRetainedOperations: '1000000',
    });
    await process.start();
    return new BenchSidecar(process, dataDir);
  }

  get url(): string {
    return this.process.url;
  }

  async post(body: Record<string, unknown>): Promise<string> {
    const response = await http(this.url, 'POST', '/operations', body);
    if (response.status !== 201) throw new Error(`POST answered ${response.status}: ${response.text}`);
    return response.json.id;
  }

  /**
   * Retains `total` finished operations: one real test-sleep (the filler's template) and ten real
   * test-sleep-once (7 COMPLETED, 3 FAILED), the rest copies of the template.
   */
  async retain(total: number): Promise<void> {
    const template = await this.post({ type: 'test-sleep', steps: 1, stepMs: 0 });
    const rare = [];
    for (let i = 0; i < 10; i++) rare.push(await this.post({ type: 'test-sleep-once', steps: 1, stepMs: 0, fail: i < 3 }));
    for (const id of [template, ...rare]) await waitForState(this.url, id, ['COMPLETED', 'FAILED'], 120_000);
    this.filler = await RetainedFiller.from(this.redis, this.keys, template);
    await this.filler.fillTo(total);
  }

  /** Waits until nothing is PENDING or RUNNING. */
  async drained(): Promise<void> {
    await waitFor('submitted operations to finish', async () => {
      const { json } = await http(this.url, 'GET', '/operations?state=PENDING&state=RUNNING&limit=1');
      return json.length === 0 ? true : undefined;
    }, 600_000);
  }

  /** Removes finished operations as the expiry sweep would (BullMQ removes the job, then its index entries). */
  async forget(ids: string[]): Promise<void> {
    for (const id of ids) await this.queue.remove(id);
    await unindexOperations(this.redis, this.keys, ids);
  }

  /**
   * CPU seconds used so far by the sidecar process (Linux /proc; NaN elsewhere) and by its Redis
   * (INFO cpu): unlike rates, they hardly move when other work shares the machine.
   */
  async cpuSeconds(): Promise<{ sidecar: number; redis: number }> {
    let sidecar = NaN;
    try {
      const fields = readFileSync(`/proc/${this.process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      sidecar = (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
    } catch {
      // not Linux: the rate alone is reported
    }
    const info = await this.redis.info('cpu');
    const redis = ['used_cpu_sys', 'used_cpu_user'].reduce((sum, key) => sum + Number(new RegExp(`^${key}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN), 0);
    return { sidecar, redis };
  }

  async stop(): Promise<void> {
    await this.queue.close();
    this.queueConnection.disconnect();
    this.redis.disconnect();
    await this.process.stop();
  }
}

/** Times one GET to the last byte; `count` is the answer's array length (1 for an object). */
export async function timedGet(base: string, path: string): Promise<{ ms: number; count: number }> {
  const started = performance.now();
  const response = await fetch(base + path);
  const body = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${body.slice(0, 200)}`);
  const json = JSON.parse(body) as unknown;
  return { ms, count: Array.isArray(json) ? json.length : 1 };
}

/**
 * Times `samples` GETs on each sidecar, one request to each in turn, so a pause of the machine hits
 * all of them alike; `pathsOf(i)` are cycled for sidecar i. Also the CPU each spent per request
 * (its process and its Redis).
 */
export async function interleaved(
  sidecars: BenchSidecar[],
  pathsOf: (i: number) => string[],
  samples: number,
  expect?: (i: number, path: string, count: number) => void,
): Promise<Array<Samples & { cpuMs: number }>> {
  const out = sidecars.map(() => ({ times: [] as number[], count: 0, cpuMs: 0 }));
  const warmUp = 3;
  const before = await Promise.all(sidecars.map((s) => s.cpuSeconds()));
  for (let k = -warmUp; k < samples; k++) {
    for (let i = 0; i < sidecars.length; i++) {
      const paths = pathsOf(i);
      const path = paths[(k + warmUp) % paths.length];
      const { ms, count } = await timedGet(sidecars[i].url, path);
      expect?.(i, path, count);
      out[i].count = count;
      if (k >= 0) out[i].times.push(ms);
    }
  }
  const after = await Promise.all(sidecars.map((s) => s.cpuSeconds()));
  sidecars.forEach((_, i) => {
    out[i].cpuMs = ((after[i].sidecar + after[i].redis - before[i].sidecar - before[i].redis) * 1000) / (samples + warmUp);
  });
  return out;
}

/** `total` POSTs of an instant test-sleep from `clients` parallel clients: operations accepted per second, and their ids. */
export async function submit(sidecar: BenchSidecar, clients: number, total: number): Promise<{ rate: number; ids: string[] }> {
  const ids: string[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next++ < total) ids.push(await sidecar.post({ type: 'test-sleep', steps: 1, stepMs: 0 }));
  }));
  return { rate: total / ((performance.now() - started) / 1000), ids };
}

