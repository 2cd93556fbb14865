import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SidecarConfig } from '../config/sidecar-config.js';
import type { CoordinatedOperations } from './coordinated-operations.js';
import { type NodeJob, NodeJobRunner } from './node-job.js';
import { type PeerClient, PeerRefusedError, PeerUnreachableError, type RemoteOperation } from './peer-client.js';

/** A peer sidecar in memory: counts POSTs, answers GETs from its operations, or is down. */
class FakePeer {
  posts = 0;
  down = false;
  readonly ops = new Map<string, RemoteOperation>();
  refuse?: PeerRefusedError;

  add(id: string, fields: Partial<RemoteOperation> = {}): RemoteOperation {
    const op: RemoteOperation = { id, type: 'test-sleep', state: 'COMPLETED', errors: [], progress: 1, creationTime: new Date().toISOString(), ...fields };
    this.ops.set(id, op);
    return op;
  }
  async submit(_url: string, request: Record<string, unknown>): Promise<RemoteOperation> {
    if (this.refuse) throw this.refuse;
    this.posts++;
    return this.add(`posted-${this.posts}`, request);
  }
  async get(_url: string, id: string): Promise<RemoteOperation | null> {
    if (this.down) throw new PeerUnreachableError('the sidecar at http://peer does not answer (ECONNREFUSED)');
    return this.ops.get(id) ?? null;
  }
  async list(): Promise<RemoteOperation[]> {
    return [...this.ops.values()].reverse();
  }
  async cancel(): Promise<void> {}
}

function setUp(data: Record<string, unknown> = {}) {
  const peer = new FakePeer();
  const operations = { cancelRequested: async () => false } as unknown as CoordinatedOperations;
  const config = { coordination: { unreachableGraceMs: 300 } } as unknown as SidecarConfig;
  const runner = new NodeJobRunner(peer as unknown as PeerClient, operations, config);
  const job = {
    data: { operationId: 'op', phase: 0, node: 1, address: '10.0.0.2', url: 'http://peer', request: { type: 'test-sleep', steps: 3 }, timeoutMs: 60_000, ...data },
    async updateData(next: unknown) {
      this.data = next as typeof this.data;
    },
  };
  return { peer, runner, job: job as unknown as NodeJob, run: () => runner.run(job as unknown as NodeJob, new AbortController().signal) };
}

describe('node jobs', () => {
  it('post the request, store the remote id before polling, and complete with the outcome', async () => {
    const { peer, job, run } = setUp();
    const outcome = await run();
    assert.equal(peer.posts, 1);
    assert.equal(job.data.remoteId, 'posted-1');
    assert.ok(job.data.postingSince && job.data.startedAt);
    assert.deepEqual([outcome.state, outcome.remoteId, outcome.node], ['COMPLETED', 'posted-1', 1]);
  });

  it('run again after a crash, re-attach to the stored id instead of posting', async () => {
    const { peer, run } = setUp({ remoteId: 'r1', startedAt: Date.now() });
    peer.add('r1', { state: 'FAILED', errors: [{ source: 'cass-2', message: 'disk full' }] });
    const outcome = await run();
    assert.equal(peer.posts, 0);
    assert.deepEqual(outcome.errors, [{ source: 'cass-2', message: 'disk full' }]);
  });

  it('crashed between POST and storing the id: find the posted operation by its fields instead of posting again', async () => {
    const { peer, job, run } = setUp({ postingSince: Date.now() - 1000 });
    peer.add('other', { steps: 4 });
    peer.add('mine', { steps: 3 });
    await run();
    assert.equal(peer.posts, 0);
    assert.equal(job.data.remoteId, 'mine');
    const again = setUp({ postingSince: Date.now() - 1000 });
    again.peer.add('older', { steps: 3, creationTime: new Date(Date.now() - 3_600_000).toISOString() });
    await again.run();
    assert.equal(again.peer.posts, 1, 'an operation from before the POST is not ours');
  });

  it('a refusal (409) or a peer that stays away longer than the grace fails the node, its address as source', async () => {
    const refused = setUp();
    refused.peer.refuse = new PeerRefusedError(409, 'the sidecar at http://peer refused the request (409): busy');
    const outcome = await refused.run();
    assert.deepEqual(outcome.errors, [{ source: '10.0.0.2', message: 'the sidecar at http://peer refused the request (409): busy' }]);

    const away = setUp({ remoteId: 'r1', startedAt: Date.now() });
    away.peer.add('r1', { state: 'RUNNING' });
    away.peer.down = true;
    const started = Date.now();
    const lost = await away.run();
    assert.ok(Date.now() - started >= 300, 'waited for the grace period');
    assert.equal(lost.state, 'FAILED');
    assert.equal(lost.errors[0].source, '10.0.0.2');
    assert.match(lost.errors[0].message, /does not answer.*has not answered for/);
  });

  it('a node operation cancelled on the node, not by the coordinator, fails the node; a vanished one too', async () => {
    const { peer, run } = setUp({ remoteId: 'r1', startedAt: Date.now() });
    peer.add('r1', { state: 'CANCELLED' });
    const outcome = await run();
    assert.equal(outcome.state, 'FAILED');
    assert.match(outcome.errors[0].message, /cancelled there, not by this coordinator/);
    const gone = setUp({ remoteId: 'nope', startedAt: Date.now() });
    assert.match((await gone.run()).errors[0].message, /no longer exists/);
  });
});
