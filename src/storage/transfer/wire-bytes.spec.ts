import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bucketKey } from '../remote-key.js';
import { wireByteCounter } from './transferring-provider.js';

describe('wire byte counter', () => {
  it('counts what crossed the wire: retried bytes again, resumed prefixes not', () => {
    let total = 0;
    const report = wireByteCounter((bytes) => (total += bytes));
    const a = bucketKey('a');
    const b = bucketKey('b');
    report(a, 0);
    report(a, 400);
    report(a, 1000); // attempt 1 sent 1000 bytes, then failed
    report(a, 0); // attempt 2 starts over
    report(a, 1500);
    assert.equal(total, 2500);
    report(b, 700); // a download continuing a partial file of 700 bytes from an earlier run
    report(b, 700);
    report(b, 1000);
    assert.equal(total, 2800);
  });
});
