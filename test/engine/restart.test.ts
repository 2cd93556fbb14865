import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestRedis } from '../support/redis-server.js';
import { SidecarProcess } from '../support/sidecar-process.js';
import { http, waitForState } from '../support/sidecar.js';

describe('restart safety', () => {
  let redis: TestRedis;
  let sidecar: SidecarProcess;

  before(async () => {
    redis = await TestRedis.start();
    sidecar = await SidecarProcess.launch(redis.url);
  });
  after(async () => {
    await sidecar?.stop();
    await redis?.dispose();
  });

  it('kill -9 mid-operation: a resumable one resumes and completes, a non-resumable one fails with a restart error', async (t) => {
    const base = sidecar.url;
    const resumable = (await http(base, 'POST', '/operations', { type: 'test-sleep', steps: 40, stepMs: 100 })).json.id;
    const once = (await http(base, 'POST', '/operations', { type: 'test-sleep-once', steps: 40, stepMs: 100 })).json.id;
    await waitForState(base, resumable, ['RUNNING']);
    await waitForState(base, once, ['RUNNING']);
    // Let a few steps pass so there is progress to resume from.
    const before = await waitForState(base, resumable, ['RUNNING']);
    await new Promise((r) => setTimeout(r, 800));
    await sidecar.kill9();

    const restartedAt = Date.now();
    await sidecar.start();
    const listed = (await http(base, 'GET', '/operations')).json as Array<{ id: string }>;
    assert.ok(listed.some((o) => o.id === resumable) && listed.some((o) => o.id === once), 'both still listed');

    const completed = await waitForState(base, resumable, ['COMPLETED', 'FAILED'], 30_000 + 4_000);
    assert.equal(completed.state, 'COMPLETED', JSON.stringify(completed));
    assert.ok(completed.resumedFromStep > 0, `resumed from a checkpoint, not step 0 (was ${before.progress})`);
    const failed = await waitForState(base, once, ['COMPLETED', 'FAILED'], 30_000);
    assert.equal(failed.state, 'FAILED');
    assert.match(failed.errors[0].message, /sidecar restarted/);
    const recoverySeconds = (Date.parse(failed.completionTime) - restartedAt) / 1000;
    t.diagnostic(`non-resumable operation settled ${recoverySeconds.toFixed(1)} s after the restart began; resumed from step ${completed.resumedFromStep}`);
    assert.ok(recoverySeconds < 30, `non-resumable op settled ${recoverySeconds}s after restart`);
  });

  it('a Redis restart (AOF) keeps every operation', async () => {
    const base = sidecar.url;
    const id = (await http(base, 'POST', '/operations', { type: 'test-sleep', steps: 1, stepMs: 1 })).json.id;
    await waitForState(base, id, ['COMPLETED']);
    const countBefore = (await http(base, 'GET', '/operations')).json.length;
    await redis.kill();
    const down = await http(base, 'GET', '/operations');
    assert.equal(down.status, 503, `while Redis is down: ${down.text}`);
    assert.match(down.json.message, /Redis/);
    await redis.launch();
    const after = await waitForState(base, id, ['COMPLETED'], 20_000);
    assert.equal(after.id, id);
    assert.equal((await http(base, 'GET', '/operations')).json.length, countBefore);
    // The engine still works after the outage.
    const next = (await http(base, 'POST', '/operations', { type: 'test-sleep', steps: 1, stepMs: 1 })).json.id;
    await waitForState(base, next, ['COMPLETED'], 20_000);
  });
});
