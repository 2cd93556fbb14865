import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type NodeProgress, outcomeOf, overallProgress, phaseState } from './outcomes.js';
import type { RemoteOperation } from './peer-client.js';

const remote = (fields: Partial<RemoteOperation>): RemoteOperation => ({ id: 'r1', type: 'backup', state: 'COMPLETED', errors: [], progress: 1, creationTime: '2024-01-01T00:00:00.000Z', ...fields });

describe('node outcomes and the progress of the whole', () => {
  it("keeps the node operation's errors with their sources; a FAILED one without errors gets one naming the node", () => {
    const failed = outcomeOf(2, '10.0.0.3', remote({ state: 'FAILED', errors: [{ source: 'cass-3', message: 'disk full' }] }));
    assert.deepEqual(failed.errors, [{ source: 'cass-3', message: 'disk full' }]);
    assert.equal(outcomeOf(2, '10.0.0.3', remote({ state: 'FAILED' })).errors[0].source, '10.0.0.3');
    assert.equal(outcomeOf(0, 'a', remote({ startTime: '2024-01-01T00:00:01.000Z', completionTime: '2024-01-01T00:00:03.500Z' })).ownMs, 2500);
  });

  it('a phase fails when a node failed, is cancelled when a node was cancelled, else completes', () => {
    const ok = { node: 0, state: 'COMPLETED' as const, progress: 1, errors: [] };
    assert.equal(phaseState([ok, { ...ok, state: 'FAILED' }, { ...ok, state: 'CANCELLED' }], false), 'FAILED');
    assert.equal(phaseState([ok, { ...ok, state: 'CANCELLED' }], false), 'CANCELLED');
    assert.equal(phaseState([ok], true), 'CANCELLED');
    assert.equal(phaseState([ok], false), 'COMPLETED');
  });

  it('weighs nodes of the running phase by their bytes, sums bytes over phases, and takes the slowest ETA', () => {
    const big: NodeProgress = { state: 'RUNNING', progress: 0.5, bytesTotal: 900, bytesTransferred: 450, etaSeconds: 30 };
    const small: NodeProgress = { state: 'COMPLETED', progress: 1, bytesTotal: 100, bytesTransferred: 100 };
    const p = overallProgress(2, [[{ state: 'COMPLETED', progress: 1 }]], [big, small]);
    assert.equal(p.fraction, (1 + 550 / 1000) / 2);
    assert.deepEqual([p.bytesTotal, p.bytesTransferred, p.etaSeconds], [1000, 550, 30]);
  });

  it('without bytes, averages node progress; no ETA unless every running node has one', () => {
    const p = overallProgress(1, [], [{ state: 'RUNNING', progress: 0.2, etaSeconds: 5 }, { state: 'RUNNING', progress: 0.6 }]);
    assert.equal(p.fraction, 0.4);
    assert.equal(p.etaSeconds, undefined);
    assert.equal(p.bytesTotal, undefined);
    assert.equal(overallProgress(3, [[], [], []], []).fraction, 1);
  });
});
