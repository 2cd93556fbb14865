import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { type RunningServer, startServer } from '../../src/cli/server/start-server.js';
import { loadConfig } from '../../src/config/sidecar-config.js';
import { TestRedis } from '../support/redis-server.js';
import { request } from '../support/secure-http.js';
import { startTestSidecar, waitFor } from '../support/sidecar.js';
import { TestOperationsModule } from '../support/test-operations.js';

const token = () => randomBytes(24).toString('base64url');
const JOLOKIA = 'http://127.0.0.1:9/jolokia/';
const connections = (server: RunningServer) => new Promise<number>((resolve, reject) =>
  (server.app.getHttpServer() as Server).getConnections((err, n) => (err ? reject(err) : resolve(n))));

describe('limits: what a client may make the sidecar hold (issue 17, finding 8)', () => {
  let redis: TestRedis;
  const servers: RunningServer[] = [];
  let tokenFile: string;
  const tokens = [token(), token()];
  before(async () => {
    redis = await TestRedis.start();
    tokenFile = join(mkdtempSync(join(tmpdir(), 'icarus-limits-')), 'tokens');
    writeFileSync(tokenFile, `${tokens[0]}\n${tokens[1]}\n`);
  });
  after(async () => {
    for (const s of servers) await s.close();
    await redis?.dispose();
  });
  async function sidecar(args: Record<string, string>): Promise<RunningServer> {
    const server = await startTestSidecar(redis.url, { jolokiaUrl: JOLOKIA, ...args });
    servers.push(server);
    return server;
  }

  it('with the default limits, 2,000 half-sent unauthenticated requests never hold more than 1,000 sockets, nor any for long', async (t) => {
    const server = await sidecar({ authTokenFile: tokenFile });
    const { port } = new URL(server.url);
    const started = Date.now();
    let closed = 0;
    let most = 0;
    const sockets: net.Socket[] = [];
    for (let batch = 0; batch < 10; batch++) {
      for (let i = 0; i < 200; i++) {
        const socket = net.connect(Number(port), '127.0.0.1');
        socket.on('error', () => undefined);
        socket.on('close', () => closed++);
        // Read what comes (a 408), so the end of the connection is seen.
        socket.resume();
        // Headers that never end: the connection waits for the rest of them.
        socket.on('connect', () => socket.write('POST /operations HTTP/1.1\r\nHost: sidecar\r\nContent-Type: application/json\r\nX-Slow: '));
        sockets.push(socket);
      }
      most = Math.max(most, await connections(server));
      await new Promise((r) => setTimeout(r, 50));
    }
    await waitFor('every half-sent request to be closed by the sidecar', async () => {
      most = Math.max(most, await connections(server));
      return closed === sockets.length ? true : undefined;
    }, 30_000);
    t.diagnostic(`all ${sockets.length} closed ${Date.now() - started} ms after the first was opened; at most ${most} open in the sidecar at once`);
    assert.ok(most <= 1000, `${most} connections held at once`);
    assert.equal(await connections(server), 0);
    assert.equal((await request(server.url, 'GET', '/whoami', undefined, { token: tokens[0] })).status, 200, 'the sidecar still answers');
  });

  it('limits POSTs per client (its credential) with 429 and Retry-After; other clients and reads are not held back', async () => {
    const server = await sidecar({ authTokenFile: tokenFile, postRateLimit: '1', postBurst: '3' });
    const post = (i: number) => request(server.url, 'POST', '/operations', { type: 'test-sleep', steps: 1, stepMs: 1 }, { token: tokens[i] });
    for (let n = 0; n < 3; n++) assert.equal((await post(0)).status, 201);
    const limited = await post(0);
    assert.equal(limited.status, 429, limited.text);
    assert.match(limited.json?.message, /too many POSTs from token sha256:[0-9a-f]{12}: at most 1 per second after 3 at once/);
    const wait = Number(limited.headers['retry-after']);
    assert.ok(wait >= 1 && wait <= 2, `Retry-After ${wait}`);
    assert.equal((await post(1)).status, 201, 'another token is another client');
    assert.equal((await request(server.url, 'GET', '/operations', undefined, { token: tokens[0] })).status, 200, 'reads are not limited');
    await new Promise((r) => setTimeout(r, wait * 1000));
    assert.equal((await post(0)).status, 201, 'accepted again after Retry-After');
  });

  it('caps PENDING operations per type with 429, also against a burst of parallel submissions', async () => {
    const server = await sidecar({ concurrency: '1', maxPendingPerType: '3', postRateLimit: '0' });
    const post = (body: object) => request(server.url, 'POST', '/operations', body);
    assert.equal((await post({ type: 'test-sleep', steps: 1, stepMs: 600_000 })).status, 201, 'holds the only worker');
    const burst = await Promise.all(Array.from({ length: 20 }, () => post({ type: 'test-sleep-once', steps: 1, stepMs: 1 })));
    assert.deepEqual(burst.map((r) => r.status).sort(), [...Array(3).fill(201), ...Array(17).fill(429)]);
    const refused = burst.find((r) => r.status === 429)!;
    assert.match(refused.json.message, /the most 'test-sleep-once' operations --max-pending-per-type allows \(3\) are PENDING already/);
    assert.ok(Number(refused.headers['retry-after']) >= 1);
    assert.equal((await post({ type: 'test-sleep', steps: 1, stepMs: 1 })).status, 201, 'another type is not held back');
    for (const op of (await request(server.url, 'GET', '/operations?state=PENDING&state=RUNNING')).json) await request(server.url, 'DELETE', `/operations/${op.id}`);
  });

  it('caps retained operations with 429 and a Retry-After that lasts until one expires', async () => {
    const server = await sidecar({ maxRetainedOperations: '4', operationsExpiration: '2s', postRateLimit: '0' });
    const post = () => request(server.url, 'POST', '/operations', { type: 'test-sleep', steps: 1, stepMs: 1 });
    for (let n = 0; n < 4; n++) assert.equal((await post()).status, 201);
    await waitFor('the four to finish', async () => ((await request(server.url, 'GET', '/operations?state=COMPLETED')).json.length === 4 ? true : undefined));
    const refused = await post();
    assert.equal(refused.status, 429, refused.text);
    assert.match(refused.json.message, /keeps 4 operations, the most --max-retained-operations allows \(4\)/);
    const wait = Number(refused.headers['retry-after']);
    assert.ok(wait >= 1 && wait <= 4, `Retry-After ${wait}`);
    await waitFor('a submission to be accepted once operations expired', async () => ((await post()).status === 201 ? true : undefined), 10_000);
  });

  it('gives the embedded Redis a maxmemory with noeviction: a full Redis answers 503, keeps every operation and recovers', async () => {
    // No --redis-url: the sidecar starts its own redis-server.
    const dataDir = mkdtempSync(join(tmpdir(), 'icarus-limits-redis-'));
    const config = loadConfig({ listen: '127.0.0.1:0', dataDir, jolokiaUrl: JOLOKIA, redisMaxmemory: '4MiB', postRateLimit: '0' }, {});
    const server = await startServer(config, { extraModules: [TestOperationsModule], logger: false });
    servers.push(server);
    const kept = await request(server.url, 'POST', '/operations', { type: 'test-sleep', steps: 1, stepMs: 1 });
    assert.equal(kept.status, 201, kept.text);
    const client = new Redis({ path: (server.redis as { path: string }).path, maxRetriesPerRequest: 1 });
    try {
      assert.deepEqual(await client.call('CONFIG', 'GET', 'maxmemory-policy'), ['maxmemory-policy', 'noeviction']);
      // Large values up to the limit, then small ones until Redis is over it (a refused large write
      // frees its query buffer again, which can leave it just below).
      let full = false;
      for (const size of [32 * 1024, 256]) {
        full = false;
        for (let i = 0; i < 2000 && !full; i++) {
          full = await client.set(`filler:${size}:${i}`, randomBytes(size).toString('base64')).then(() => false, (err: Error) => /OOM/.test(err.message));
        }
      }
      assert.ok(full, 'the embedded Redis refused writes past its maxmemory');
      const refused = await request(server.url, 'POST', '/operations', { type: 'test-sleep', steps: 1, stepMs: 1 });
      assert.equal(refused.status, 503, refused.text);
      assert.match(refused.json.message, /Redis is full .*--redis-maxmemory.*nothing was evicted/);
      const listed = await request(server.url, 'GET', '/operations');
      assert.equal(listed.status, 200);
      assert.ok(listed.json.some((o: { id: string }) => o.id === kept.json.id), 'the operation is still there');
      const fillers = await client.keys('filler:*');
      await client.del(...fillers);
      assert.equal((await request(server.url, 'POST', '/operations', { type: 'test-sleep', steps: 1, stepMs: 1 })).status, 201, 'recovers once memory is free');
    } finally {
      client.disconnect();
    }
  });
});
