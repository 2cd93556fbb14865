import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import { QueueName } from '../../src/queues/queue-names.js';
import { TestRedis } from '../support/redis-server.js';
import { SidecarProcess } from '../support/sidecar-process.js';
import { http, waitFor, waitForState } from '../support/sidecar.js';

/**
 * SIGTERM during long operations (issue 11, fault tolerance): a resumable operation is handed back
 * to the queue at once, neither failed nor waited for, and the next sidecar resumes it from its
 * checkpoint; a non-resumable one is waited for and completes; a pending one stays pending.
 */
describe('graceful stop (SIGTERM)', () => {
  let redis: TestRedis;
  let sidecar: SidecarProcess;
  let queue: Queue;
  const prefix = `g${process.pid}`;

  before(async () => {
    redis = await TestRedis.start();
    sidecar = await SidecarProcess.launch(redis.url, { queuePrefix: prefix, concurrency: '2' });
    queue = new Queue(QueueName.Operations, { connection: { host: '127.0.0.1', port: redis.port }, prefix });
  });
  after(async () => {
    await queue?.close();
    await sidecar?.stop();
    await redis?.dispose();
  });

  it('hands a running resumable operation back to the queue; the next sidecar resumes and completes it', async (t) => {
    const base = sidecar.url;
    const id = (await http(base, 'POST', '/operations', { type: 'test-sleep', steps: 80, stepMs: 100 })).json.id as string;
    await waitFor('a few steps done', async () => ((await http(base, 'GET', `/operations/${id}`)).json.progress >= 0.05 ? true : undefined));

    const signalled = Date.now();
    await sidecar.stop();
    const stopSeconds = (Date.now() - signalled) / 1000;
    assert.ok(stopSeconds < 4, `the sidecar stopped in ${stopSeconds} s, without waiting for the 8 s operation`);

    // Between the two sidecars: back in the queue, not failed, nothing recorded against it.
    assert.equal(await queue.getJobState(id), 'waiting');
    const job = await queue.getJob(id);
    assert.deepEqual(job!.data.errors, []);
    assert.ok(job!.data.checkpoints.step > 0 && job!.data.checkpoints.step < 80, `checkpoint kept: step ${job!.data.checkpoints.step}`);
    const listed = await http(base, 'GET', `/operations/${id}`).catch(() => undefined);
    assert.equal(listed, undefined, 'no sidecar answers now');

    await sidecar.start();
    const done = await waitForState(base, id, ['COMPLETED', 'FAILED', 'CANCELLED'], 30_000);
    assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
    assert.deepEqual(done.errors, []);
    assert.ok(done.resumedFromStep > 0, `resumed from step ${done.resumedFromStep}, not from the start`);
    t.diagnostic(`SIGTERM to exit: ${stopSeconds.toFixed(2)} s; resumed from step ${done.resumedFromStep} of 80`);
  });

  it('waits for a running non-resumable operation, which completes; a pending one stays pending and runs next time', async () => {
    const base = sidecar.url;
    const once = (await http(base, 'POST', '/operations', { type: 'test-sleep-once', steps: 15, stepMs: 100 })).json.id as string;
    const blocker = (await http(base, 'POST', '/operations', { type: 'test-sleep-once', steps: 15, stepMs: 100 })).json.id as string;
    const pending = (await http(base, 'POST', '/operations', { type: 'test-sleep', steps: 2, stepMs: 10 })).json.id as string;
    await waitForState(base, once, ['RUNNING']);
    await waitForState(base, blocker, ['RUNNING']);
    assert.equal((await http(base, 'GET', `/operations/${pending}`)).json.state, 'PENDING', 'concurrency 2: the third waits');

    const exited = sidecar.exited();
    await sidecar.stop();
    assert.equal(await exited, 0);
    for (const id of [once, blocker]) {
      assert.equal(await queue.getJobState(id), 'completed', 'a non-resumable operation ran to its end before the sidecar stopped');
    }
    assert.equal(await queue.getJobState(pending), 'waiting');

    await sidecar.start();
    for (const id of [once, blocker]) assert.equal((await http(base, 'GET', `/operations/${id}`)).json.state, 'COMPLETED');
    const ran = await waitForState(base, pending, ['COMPLETED', 'FAILED'], 20_000);
    assert.equal(ran.state, 'COMPLETED');
    assert.equal(ran.resumedFromStep, undefined, 'it never started before, so it is not a resumed run');
  });
});
