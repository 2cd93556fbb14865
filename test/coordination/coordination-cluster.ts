import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningServer } from '../../src/cli/server/start-server.js';
import { FakeJolokia, type FakeNode } from '../support/fake-jolokia.js';
import { freePort } from '../support/ports.js';
import { TestRedis } from '../support/redis-server.js';
import { SidecarProcess } from '../support/sidecar-process.js';
import { http, startTestSidecar, waitForState } from '../support/sidecar.js';

export interface ClusterOptions {
  /** Sidecars (0 = the coordinator) run in their own process, so a test can kill -9 them. */
  processes?: number[];
  /** Extra options of every sidecar (e.g. maxNodeTimeout). */
  args?: Record<string, string>;
  nodes?: FakeNode[];
  /** `https` when the sidecars serve TLS (args carry --tls-cert/--tls-key). */
  scheme?: 'http' | 'https';
  /** Extra options of one sidecar only, e.g. another token file. */
  argsOf?: (i: number) => Record<string, string>;
}

/**
 * Sidecars of a pretend cluster without Cassandra: one test Redis (a queue prefix each), a fake
 * Jolokia describing the nodes, each sidecar on its own loopback port, found through the static
 * peer map. Node work is the test-sleep operation; the cluster-wide type is test-global.
 */
export class CoordinationCluster {
  readonly servers: Array<RunningServer | undefined> = [];
  readonly processes = new Map<number, SidecarProcess>();

  private constructor(
    readonly redis: TestRedis,
    readonly jolokia: FakeJolokia,
    readonly ports: number[],
    readonly scheme: 'http' | 'https' = 'http',
  ) {}

  static async start(count: number, options: ClusterOptions = {}): Promise<CoordinationCluster> {
    const redis = await TestRedis.start();
    const jolokia = await FakeJolokia.start(options.nodes ?? FakeJolokia.nodes(count));
    const ports: number[] = [];
    for (let i = 0; i < jolokia.nodes.length; i++) ports.push(await freePort());
    const cluster = new CoordinationCluster(redis, jolokia, ports, options.scheme);
    for (let i = 0; i < jolokia.nodes.length; i++) {
      const args = cluster.args(i, { ...options.args, ...options.argsOf?.(i) });
      if (options.processes?.includes(i)) {
        const process = new SidecarProcess(args);
        await process.start();
        cluster.processes.set(i, process);
        cluster.servers.push(undefined);
      } else {
        cluster.servers.push(await startTestSidecar(redis.url, args));
      }
    }
    return cluster;
  }

  get nodes(): FakeNode[] {
    return this.jolokia.nodes;
  }

  /** Base URL of sidecar i (0 = the coordinator). */
  url(i: number): string {
    return `${this.scheme}://127.0.0.1:${this.ports[i]}`;
  }

  /** Submits a test-global operation through the coordinator; its id. */
  async submit(body: Record<string, unknown>, via = 0): Promise<string> {
    const response = await http(this.url(via), 'POST', '/operations', { type: 'test-global', ...body });
    assert.equal(response.status, 201, response.text);
    return response.json.id;
  }

  end(id: string, timeoutMs = 30_000, via = 0): Promise<any> {
    return waitForState(this.url(via), id, ['COMPLETED', 'FAILED', 'CANCELLED'], timeoutMs);
  }

  /** The node operations sidecar i ran for cluster-wide operation `id`, oldest first. */
  async nodeOperations(i: number, id: string): Promise<any[]> {
    const { json } = await http(this.url(i), 'GET', '/operations?type=test-sleep');
    return (json as any[]).filter((o) => String(o.note ?? '').startsWith(id)).reverse();
  }

  /** Number of jobs of any state on sidecar i's coordination queue. */
  async coordinationJobs(i = 0): Promise<number> {
    const { Queue } = await import('bullmq');
    const queue = new Queue('coordination', { connection: { url: this.redis.url }, prefix: this.prefix(i) });
    try {
      const counts = await queue.getJobCounts();
      return Object.values(counts).reduce((a, b) => a + b, 0);
    } finally {
      await queue.close();
    }
  }

  async stop(): Promise<void> {
    for (const process of this.processes.values()) await process.stop();
    for (const server of this.servers) await server?.close();
    await this.jolokia.close();
    await this.redis.dispose();
  }

  private readonly prefixes = new Map<number, string>();

  private prefix(i: number): string {
    if (!this.prefixes.has(i)) this.prefixes.set(i, `c${i}${randomUUID().slice(0, 6)}`);
    return this.prefixes.get(i)!;
  }

  private args(i: number, extra: Record<string, string> = {}): Record<string, string> {
    const peerUrls = this.nodes.map((n, j) => `${n.hostId}=${this.url(j)}`).join(',');
    return {
      listen: `127.0.0.1:${this.ports[i]}`,
      redisUrl: this.redis.url,
      queuePrefix: this.prefix(i),
      dataDir: mkdtempSync(join(tmpdir(), 'icarus-coord-')),
      jolokiaUrl: this.jolokia.url,
      peerUrls,
      ...extra,
    };
  }
}
