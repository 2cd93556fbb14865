import type { RunningServer } from '../../src/cli/server/start-server.js';
import { TestRedis } from '../support/redis-server.js';
import { startTestSidecar } from '../support/sidecar.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import type { BedContext } from './bed-context.js';

/**
 * One sidecar per test-bed node, as operators run them, sharing one test Redis (each with its own
 * queue prefix). Node 1 also has a second sidecar that reaches Jolokia through a TCP proxy the
 * tests can pause, to see how the sidecar behaves when Jolokia goes away.
 */
export class NodeSidecars {
  redis!: TestRedis;
  servers: RunningServer[] = [];
  proxy!: TcpProxy;
  proxied!: RunningServer;

  constructor(private readonly ctx: BedContext) {}

  /** Base URL of node i's sidecar (1-based). */
  url(node: number): string {
    return this.servers[node - 1].url;
  }

  async start(): Promise<void> {
    this.redis = await TestRedis.start();
    for (const node of this.ctx.bed.nodes) {
      this.servers.push(
        await startTestSidecar(this.redis.url, {
          jolokiaUrl: node.jolokiaUrl,
          cassandraConfigDir: node.confDir,
          enableTruncate: true,
          listen: `${node.ip}:0`,
        }),
      );
    }
    const target = new URL(this.ctx.bed.nodes[0].jolokiaUrl);
    this.proxy = await TcpProxy.start(target.hostname, Number(target.port));
    this.proxied = await startTestSidecar(this.redis.url, {
      jolokiaUrl: `http://127.0.0.1:${this.proxy.port}/jolokia/`,
      jolokiaTimeout: '3000',
    });
  }

  async stop(): Promise<void> {
    for (const server of [...this.servers, this.proxied]) await server?.close();
    await this.proxy?.pause();
    await this.redis?.dispose();
  }
}
