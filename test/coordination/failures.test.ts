import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { http, waitForState } from '../support/sidecar.js';
import { CoordinationCluster } from './coordination-cluster.js';

describe('cluster-wide operations: failures, sources, guards, timeouts', () => {
  let cluster: CoordinationCluster;
  before(async () => {
    cluster = await CoordinationCluster.start(3, { args: { maxNodeTimeout: '3s', peerUnreachableGrace: '2s' } });
  });
  after(async () => cluster?.stop());

  it("a node's failure fails the operation with the node's own errors (sources kept); later phases do not run", async () => {
    const failing = cluster.nodes[1].address;
    const id = await cluster.submit({ phases: 3, steps: 2, stepMs: 20, failNodes: failing });
    const done = await cluster.end(id);
    assert.equal(done.state, 'FAILED');
    const remote = (await cluster.nodeOperations(1, id))[0];
    assert.equal(remote.state, 'FAILED');
    assert.deepEqual(done.errors, remote.errors, 'the node operation errors, as the node reported them');
    assert.deepEqual(done.phases.map((p: any) => p.state), ['FAILED', 'SKIPPED', 'SKIPPED']);
    for (let i = 0; i < 3; i++) assert.equal((await cluster.nodeOperations(i, id)).length, 1, `node ${i} ran P1 only (the others completed it)`);
    assert.deepEqual(done.nodes.map((n: any) => n.state), ['COMPLETED', 'FAILED', 'COMPLETED']);
  });

  it('a node refusing its request (409) fails the phase with an error naming that node', async () => {
    const busy = await http(cluster.url(2), 'POST', '/operations', { type: 'test-sleep', steps: 50, stepMs: 100, exclusive: true });
    await waitForState(cluster.url(2), busy.json.id, ['RUNNING']);
    const id = await cluster.submit({ phases: 2, exclusive: true });
    const done = await cluster.end(id);
    assert.equal(done.state, 'FAILED');
    assert.equal(done.errors.length, 1, JSON.stringify(done.errors));
    assert.equal(done.errors[0].source, cluster.nodes[2].address);
    assert.match(done.errors[0].message, /refused the request \(409\).*another exclusive test-sleep/);
    assert.equal((await cluster.nodeOperations(0, id)).length, 1, 'the other nodes did their P1, no P2');
    await http(cluster.url(2), 'DELETE', `/operations/${busy.json.id}`);
  });

  it('a node slower than the per-node timeout fails the operation with its address as source; its operation is cancelled', async () => {
    const slow = cluster.nodes[0].address;
    const started = Date.now();
    const id = await cluster.submit({ phases: 2, steps: 50, stepMs: 10, slowNodes: slow, timeout: 1 });
    const done = await cluster.end(id);
    const seconds = (Date.now() - started) / 1000;
    assert.equal(done.state, 'FAILED');
    assert.ok(seconds >= 3 && seconds < 10, `ended ${seconds} s after submission (timeout 3 s)`);
    assert.deepEqual(done.errors.map((e: any) => e.source), [slow]);
    assert.match(done.errors[0].message, /within the per-node timeout of 3 s; it was cancelled/);
    const remote = (await cluster.nodeOperations(0, id))[0];
    assert.equal((await waitForState(cluster.url(0), remote.id, ['CANCELLED'])).state, 'CANCELLED');
  });

  it('a node down before a phase (gossip) or whose sidecar does not answer: the phase is not started, the node is named', async () => {
    cluster.jolokia.nodes[2].down = true;
    const id = await cluster.submit({ phases: 1 });
    const done = await cluster.end(id);
    cluster.jolokia.nodes[2].down = false;
    assert.equal(done.state, 'FAILED');
    assert.deepEqual(done.errors.map((e: any) => e.source), [cluster.nodes[2].address]);
    assert.match(done.errors[0].message, /down or unreachable.*not started/);
    for (let i = 0; i < 3; i++) assert.equal((await cluster.nodeOperations(i, id)).length, 0, 'nothing started anywhere');

    await cluster.servers[1]!.close();
    const second = await cluster.end(await cluster.submit({ phases: 1 }));
    assert.equal(second.state, 'FAILED');
    assert.deepEqual(second.errors.map((e: any) => e.source), [cluster.nodes[1].address]);
    assert.match(second.errors[0].message, new RegExp(`sidecar of node ${cluster.nodes[1].address} at ${cluster.url(1)} does not answer`));
  });
});
