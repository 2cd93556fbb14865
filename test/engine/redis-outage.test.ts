import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestRedis } from '../support/redis-server.js';
import { SidecarProcess } from '../support/sidecar-process.js';
import { http, waitFor, waitForState } from '../support/sidecar.js';

/**
 * Redis restarted while operations run (issue 11, fault tolerance), against an external
 * redis-server with AOF: the engine reconnects by itself, every operation is still there and
 * completes, none runs twice at once, and none is failed for an interruption it never had.
 */
describe('Redis restarted mid-operation', () => {
  let redis: TestRedis;
  let sidecar: SidecarProcess;

  before(async () => {
    redis = await TestRedis.start();
    sidecar = await SidecarProcess.launch(redis.url, { concurrency: '4' });
  });
  after(async () => {
    await sidecar?.stop();
    await redis?.dispose();
  });

  /** Takes Redis away for `outageMs` while a resumable and a non-resumable operation run; both must complete. */
  async function outage(how: 'stop' | 'kill', outageMs: number): Promise<string> {
    const base = sidecar.url;
    const post = async (body: Record<string, unknown>) => (await http(base, 'POST', '/operations', body)).json.id as string;
    const resumable = await post({ type: 'test-sleep', steps: 80, stepMs: 100 });
    const once = await post({ type: 'test-sleep-once', steps: 80, stepMs: 100 });
    const queued = await post({ type: 'test-sleep', steps: 3, stepMs: 10 });
    await waitFor('both under way', async () => ((await http(base, 'GET', `/operations/${once}`)).json.progress >= 0.1 ? true : undefined));
    const listed = (await http(base, 'GET', '/operations')).json.length;
    await (how === 'stop' ? redis.stop() : redis.kill());
    const down = await http(base, 'GET', `/operations/${resumable}`);
    assert.equal(down.status, 503, `while Redis is away the API says so: ${down.text}`);
    await new Promise((r) => setTimeout(r, outageMs));
    const restarted = Date.now();
    await redis.launch();

    const results = [];
    for (const id of [resumable, once, queued]) {
      const done = await waitForState(base, id, ['COMPLETED', 'FAILED', 'CANCELLED'], 60_000);
      assert.equal(done.state, 'COMPLETED', `${done.type}: ${JSON.stringify(done.errors)}`);
      assert.deepEqual(done.errors, []);
      results.push(`${done.type}${done.resumedFromStep !== undefined ? ` resumed from ${done.resumedFromStep}` : ''}`);
    }
    assert.equal((await http(base, 'GET', '/operations')).json.length, listed, 'no operation lost');
    return `${how} ${outageMs / 1000} s: all completed ${((Date.now() - restarted) / 1000).toFixed(1)} s after Redis was back (${results.join(', ')})`;
  }

  it('redis-server stopped (SIGTERM) for 3 s: the operations wait for it and complete', async (t) => {
    t.diagnostic(await outage('stop', 3_000));
  });

  it('redis-server killed (SIGKILL) for 12 s, longer than a job lock: still one run of each, both complete', async (t) => {
    t.diagnostic(await outage('kill', 12_000));
  });
});
