import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestRedis } from '../support/redis-server.js';
import { SidecarProcess } from '../support/sidecar-process.js';
import { http, waitForState } from '../support/sidecar.js';

describe('stop operation', () => {
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

  it('waits for running operations, completes, and the process exits 0; finished operations do not block it', async () => {
    const base = sidecar.url;
    const finished = (await http(base, 'POST', '/operations', { type: 'test-sleep', steps: 1, stepMs: 1 })).json.id;
    await waitForState(base, finished, ['COMPLETED']);
    const running = (await http(base, 'POST', '/operations', { type: 'test-sleep', steps: 15, stepMs: 100 })).json.id;
    await waitForState(base, running, ['RUNNING']);
    const exited = sidecar.exited();
    const stop = await http(base, 'POST', '/operations', { type: 'stop' });
    assert.equal(stop.status, 201);
    assert.equal((await http(base, 'POST', '/operations', { type: 'stop' })).status, 409, 'one stop at a time');
    assert.equal((await http(base, 'GET', `/operations/${stop.json.id}`)).json.state, 'RUNNING', 'waits for the running one');
    assert.equal(await exited, 0);

    await sidecar.start();
    assert.equal((await http(base, 'GET', `/operations/${running}`)).json.state, 'COMPLETED');
    assert.equal((await http(base, 'GET', `/operations/${stop.json.id}`)).json.state, 'COMPLETED');
  });
});
