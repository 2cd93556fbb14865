import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { http, waitFor } from '../support/sidecar.js';
import { CoordinationCluster } from './coordination-cluster.js';

/** A running phase as the coordinator's JSON shows it. */
async function phaseRunning(cluster: CoordinationCluster, id: string, phase: string): Promise<any> {
  return waitFor(`phase ${phase} running on every node`, async () => {
    const { json } = await http(cluster.url(0), 'GET', `/operations/${id}`);
    return json?.nodes?.every((n: any) => n.phase === phase && n.state === 'RUNNING') ? json : undefined;
  }, 30_000);
}

describe('cluster-wide operations: coordinator restarts, unreachable peers, cancel', () => {
  let cluster: CoordinationCluster;
  before(async () => {
    cluster = await CoordinationCluster.start(3, { processes: [0, 2], args: { peerUnreachableGrace: '3s' } });
  });
  after(async () => cluster?.stop());

  it('a coordinator killed with -9 mid-phase re-attaches after its restart: the operation completes, no node runs a phase twice', async (t) => {
    const id = await cluster.submit({ phases: 3, steps: 20, stepMs: 100 });
    const before = await phaseRunning(cluster, id, 'P2');
    const coordinator = cluster.processes.get(0)!;
    await coordinator.kill9();
    const restarted = Date.now();
    await coordinator.start();
    const done = await cluster.end(id, 60_000);
    assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
    t.diagnostic(`completed ${((Date.parse(done.completionTime) - restarted) / 1000).toFixed(1)} s after the restart`);
    for (let i = 0; i < 3; i++) {
      const ops = await cluster.nodeOperations(i, id);
      assert.deepEqual(ops.map((o) => o.note.split(' ')[1]), ['P1', 'P2', 'P3'], `node ${i}: each phase once`);
      assert.equal(ops[1].id, before.nodes[i].operationId, 'P2 is the operation started before the crash');
    }
    assert.deepEqual(done.phases.map((p: any) => p.state), ['COMPLETED', 'COMPLETED', 'COMPLETED']);
    assert.equal(await cluster.coordinationJobs(0), 0);
  });

  it('a peer killed mid-phase fails the operation after the grace period, with its address as source; later phases do not run', async (t) => {
    const id = await cluster.submit({ phases: 2, steps: 100, stepMs: 100 });
    await phaseRunning(cluster, id, 'P1');
    const peer = cluster.processes.get(2)!;
    await peer.kill9();
    const killed = Date.now();
    const done = await cluster.end(id, 30_000);
    t.diagnostic(`FAILED ${((Date.now() - killed) / 1000).toFixed(1)} s after the peer was killed (grace 3 s; the other nodes finish their 10 s P1 first, as in Icarus)`);
    await peer.start();
    assert.equal(done.state, 'FAILED');
    assert.deepEqual(done.errors.map((e: any) => e.source), [cluster.nodes[2].address]);
    assert.match(done.errors[0].message, /does not answer.*has not answered for \d+ s/);
    assert.deepEqual(done.phases.map((p: any) => p.state), ['FAILED', 'SKIPPED']);
    assert.equal((await cluster.nodeOperations(1, id)).length, 1, 'no P2 on the healthy nodes');
  });

  it('cancelling the cluster-wide operation cancels the node operations it started, and no further phase', async () => {
    const id = await cluster.submit({ phases: 2, steps: 100, stepMs: 100 });
    await phaseRunning(cluster, id, 'P1');
    assert.equal((await http(cluster.url(0), 'DELETE', `/operations/${id}`)).status, 202);
    const done = await cluster.end(id, 30_000);
    assert.equal(done.state, 'CANCELLED', JSON.stringify(done.errors));
    for (let i = 0; i < 3; i++) {
      const ops = await waitFor('node operation cancelled', async () => {
        const all = await cluster.nodeOperations(i, id);
        return all.every((o) => o.state === 'CANCELLED') ? all : undefined;
      });
      assert.equal(ops.length, 1, `node ${i}: P1 only`);
    }
  });
});
