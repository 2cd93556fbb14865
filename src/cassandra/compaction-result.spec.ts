import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OperationFailedError, UpstreamError } from '../common/errors.js';
import { checkSSTableOperationStatus } from './compaction-result.js';

describe('checkSSTableOperationStatus', () => {
  it('accepts 0', () => {
    checkSSTableOperationStatus('cleanup', 'ks', 0);
  });

  it("maps 1 and 2 to Icarus' messages", () => {
    assert.throws(() => checkSSTableOperationStatus('cleanup', 'ks', 1), {
      name: 'OperationFailedError',
      message: 'Aborted cleaning up at least one table in keyspace ks, check server logs for more information.',
    });
    assert.throws(() => checkSSTableOperationStatus('scrub', 'ks', 1), /^OperationFailedError: Aborted scrubbing at least one table in keyspace ks,/);
    assert.throws(() => checkSSTableOperationStatus('upgradesstables', 'ks', 1), /Aborted upgrading sstables for at least one table in keyspace ks/);
    assert.throws(() => checkSSTableOperationStatus('scrub', 'ks', 2), (e: unknown) =>
      e instanceof OperationFailedError &&
      e.message === 'Failed marking some sstables compacting in keyspace ks, check server logs for more information');
  });

  it('treats any other value as an upstream surprise', () => {
    assert.throws(() => checkSSTableOperationStatus('cleanup', 'ks', 3), UpstreamError);
    assert.throws(() => checkSSTableOperationStatus('cleanup', 'ks', null), UpstreamError);
  });
});
