import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeJolokia } from '../support/fake-jolokia.js';
import { http, waitFor } from '../support/sidecar.js';
import { CoordinationCluster } from './coordination-cluster.js';

describe('cluster-wide operations: phases, barrier, per-node view', () => {
  let cluster: CoordinationCluster;
  before(async () => {
    const nodes = [...FakeJolokia.nodes(3, 'dc1'), ...FakeJolokia.nodes(1, 'dc2', 10)];
    cluster = await CoordinationCluster.start(4, { nodes });
  });
  after(async () => cluster?.stop());

  it('runs the phases in order: no node starts a phase before every node finished the previous one', async (t) => {
    const slow = cluster.nodes[2].address;
    const id = await cluster.submit({ phases: 3, steps: 2, stepMs: 30, slowNodes: slow });
    const done = await cluster.end(id);
    assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
    assert.equal(done.progress, 1);
    const perNode = await Promise.all(cluster.nodes.map((_, i) => cluster.nodeOperations(i, id)));
    for (const ops of perNode) assert.deepEqual(ops.map((o) => o.note.split(' ')[1]), ['P1', 'P2', 'P3'], 'each node ran each phase once');
    for (const phase of [1, 2]) {
      const lastEnd = Math.max(...perNode.map((ops) => Date.parse(ops[phase - 1].completionTime)));
      const firstStart = Math.min(...perNode.map((ops) => Date.parse(ops[phase].startTime)));
      assert.ok(firstStart >= lastEnd, `P${phase + 1} started ${firstStart - lastEnd} ms after the last P${phase} ended`);
      t.diagnostic(`barrier P${phase}→P${phase + 1}: ${firstStart - lastEnd} ms from the last node's end to the first node's start`);
    }
    assert.deepEqual(done.phases.map((p: any) => [p.phase, p.state, p.nodes]), [['P1', 'COMPLETED', 4], ['P2', 'COMPLETED', 4], ['P3', 'COMPLETED', 4]]);
    assert.ok(done.phases.every((p: any) => p.slowestNodeSeconds >= 0.6), 'the slow node took 2 × 300 ms');
  });

  it('shows each node live (dc, rack, phase, its operation id, state, progress) and a byte-free progress of the whole', async () => {
    const id = await cluster.submit({ phases: 2, steps: 20, stepMs: 100 });
    const live = await waitFor('a running node in the view', async () => {
      const { json } = await http(cluster.url(0), 'GET', `/operations/${id}`);
      return json.nodes?.every((n: any) => n.state === 'RUNNING' && n.progress > 0) ? json : undefined;
    });
    assert.equal(live.state, 'RUNNING');
    assert.deepEqual(live.nodes.map((n: any) => [n.node, n.dc, n.rack, n.hostId, n.phase]), cluster.nodes.map((n) => [n.address, n.dc, n.rack, n.hostId, 'P1']));
    assert.ok(live.progress > 0 && live.progress < 0.5, `P1 of 2 under way: ${live.progress}`);
    for (const [i, n] of live.nodes.entries()) {
      const remote = await http(cluster.url(i), 'GET', `/operations/${n.operationId}`);
      assert.equal(remote.status, 200, `node ${i} knows operation ${n.operationId}`);
      assert.equal(remote.json.type, 'test-sleep');
    }
    assert.deepEqual(live.phases.map((p: any) => p.state), ['RUNNING', 'PENDING']);
    const done = await cluster.end(id);
    assert.ok(done.nodes.every((n: any) => n.state === 'COMPLETED' && n.phase === 'P2'), JSON.stringify(done.nodes));
  });

  it('leaves no coordination job behind once the operation has ended', async () => {
    const id = await cluster.submit({ phases: 2 });
    assert.equal((await cluster.end(id)).state, 'COMPLETED');
    assert.equal(await cluster.coordinationJobs(0), 0);
  });

  it('runs on the nodes of the dc filter only; an unknown DC is a 400 naming dc', async () => {
    const id = await cluster.submit({ phases: 1, dc: 'dc2' });
    const done = await cluster.end(id);
    assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
    assert.deepEqual(done.nodes.map((n: any) => n.node), [cluster.nodes[3].address]);
    assert.equal((await cluster.nodeOperations(0, id)).length, 0, 'dc1 nodes ran nothing');
    assert.equal((await cluster.nodeOperations(3, id)).length, 1);
    const refused = await http(cluster.url(0), 'POST', '/operations', { type: 'test-global', dc: 'dc9' });
    assert.equal(refused.status, 400, refused.text);
    assert.equal(refused.json.errors[0].field, 'dc');
  });
});
