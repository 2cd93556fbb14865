import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../src/cli/server/start-server.js';
import { TestRedis } from '../support/redis-server.js';
import { request } from '../support/secure-http.js';
import { http, startTestSidecar } from '../support/sidecar.js';

const OPS = 'https://ops.example.com';
const EVIL = 'https://evil.example';
const allowHeaders = (headers: Record<string, unknown>) => Object.keys(headers).filter((h) => h.startsWith('access-control-allow-'));

describe('cross-site requests: JSON required for state changes, CORS only for configured origins, body limit', () => {
  let redis: TestRedis;
  let server: RunningServer;
  let plain: RunningServer;
  const count = async (s: RunningServer) => ((await http(s.url, 'GET', '/operations')).json as unknown[]).length;

  before(async () => {
    redis = await TestRedis.start();
    server = await startTestSidecar(redis.url, { corsOrigin: [OPS], maxBodySize: '4KiB' });
    plain = await startTestSidecar(redis.url, {});
  });
  after(async () => {
    await server?.close();
    await plain?.close();
    await redis?.dispose();
  });

  it("a page's simple request (text/plain, form, no type) cannot start an operation: 415, nothing queued", async () => {
    const body = JSON.stringify({ type: 'test-sleep', steps: 1, stepMs: 1 });
    for (const s of [plain, server]) {
      const before = await count(s);
      for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        // Exactly what fetch(url, {method: 'POST', mode: 'no-cors', body}) from another origin sends.
        const reply = await request(s.url, 'POST', '/operations', body, { headers: { 'content-type': type, origin: EVIL } });
        assert.equal(reply.status, 415, `${type}: ${reply.text}`);
        assert.match(reply.json.message, /POST needs Content-Type: application\/json/);
        assert.deepEqual(allowHeaders(reply.headers), []);
      }
      const untyped = await request(s.url, 'POST', '/operations', body, { headers: { 'content-type': '' } });
      assert.equal(untyped.status, 415, untyped.text);
      assert.equal(await count(s), before, 'no operation was created');
    }
  });

  it('JSON content types are accepted (with parameters, +json), and DELETE needs none without a body', async () => {
    const posted = await request(server.url, 'POST', '/operations', { type: 'test-sleep', steps: 1, stepMs: 1 }, { headers: { 'content-type': 'application/json; charset=utf-8' } });
    assert.equal(posted.status, 201, posted.text);
    const vendor = await request(server.url, 'POST', '/operations', { type: 'test-sleep', steps: 1, stepMs: 1 }, { headers: { 'content-type': 'application/vnd.icarus+json' } });
    assert.equal(vendor.status, 201, vendor.text);
    assert.equal((await request(server.url, 'DELETE', `/operations/${posted.json.id}`)).status, 202);
    const typedDelete = await request(server.url, 'DELETE', `/operations/${posted.json.id}`, 'x', { headers: { 'content-type': 'text/plain' } });
    assert.equal(typedDelete.status, 415);
  });

  it('a preflight from an origin not configured gets no Access-Control-Allow-* header; a configured one gets exactly its origin', async () => {
    const preflight = (origin: string, s = server) => request(s.url, 'OPTIONS', '/operations', undefined, {
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
    });
    for (const [s, origin] of [[server, EVIL], [plain, EVIL], [plain, OPS]] as const) {
      const denied = await preflight(origin, s);
      assert.equal(denied.status, 204);
      assert.deepEqual(allowHeaders(denied.headers), [], `${origin}: ${JSON.stringify(denied.headers)}`);
    }
    const allowed = await preflight(OPS);
    assert.equal(allowed.headers['access-control-allow-origin'], OPS);
    assert.match(String(allowed.headers['access-control-allow-methods']), /POST/);
    assert.match(String(allowed.headers['access-control-allow-headers']), /authorization/);
    assert.match(String(allowed.headers['access-control-allow-headers']), /content-type/);
    assert.match(String(allowed.headers.vary), /Origin/);
  });

  it('answers a configured origin with its own origin (never *) and another origin with nothing', async () => {
    const ok = await request(server.url, 'GET', '/operations', undefined, { headers: { origin: OPS } });
    assert.equal(ok.headers['access-control-allow-origin'], OPS);
    assert.equal(ok.headers['access-control-allow-credentials'], 'true');
    const other = await request(server.url, 'GET', '/operations', undefined, { headers: { origin: EVIL } });
    assert.equal(other.status, 200, 'the request itself is not refused; the browser hides the answer from the page');
    assert.deepEqual(allowHeaders(other.headers), []);
  });

  it('refuses a body over --max-body-size with a JSON 413, before reading it all', async () => {
    const big = JSON.stringify({ type: 'test-sleep', note: 'x'.repeat(5000) });
    const reply = await request(server.url, 'POST', '/operations', big);
    assert.equal(reply.status, 413);
    assert.equal(reply.json.message, 'request body is larger than 4 KiB (--max-body-size)');
    const small = await request(server.url, 'POST', '/operations', { type: 'test-sleep', steps: 1, stepMs: 1, note: 'x'.repeat(3000) });
    assert.equal(small.status, 201, small.text);
    const defaultLimit = await request(plain.url, 'POST', '/operations', JSON.stringify({ type: 'test-sleep', note: 'x'.repeat(1024 * 1024) }));
    assert.equal(defaultLimit.status, 413, 'the default limit is 1 MiB');
  });
});
