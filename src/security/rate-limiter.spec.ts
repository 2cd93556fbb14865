import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter', () => {
  it('lets a burst through, then one per 1/rate seconds, and says how long to wait', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 3, 100, () => now);
    assert.deepEqual([1, 2, 3, 4].map(() => limiter.take('a')), [0, 0, 0, 1]);
    assert.equal(limiter.take('b'), 0, 'another client has its own bucket');
    now += 500;
    assert.equal(limiter.take('a'), 0, 'half a second refills one token at 2/s');
    assert.equal(limiter.take('a'), 1);
    now += 10_000;
    assert.deepEqual([1, 2, 3, 4].map(() => limiter.take('a')), [0, 0, 0, 1], 'refills up to the burst, no further');
  });

  it('keeps at most maxKeys clients, forgetting the least recently seen', () => {
    const limiter = new RateLimiter(1, 1, 3, () => 0);
    for (const key of ['a', 'b', 'c', 'd']) limiter.take(key);
    assert.equal(limiter.size, 3);
    assert.equal(limiter.take('a'), 0, 'a was forgotten: a fresh bucket');
    assert.equal(limiter.take('d'), 1, 'd is remembered');
  });
});
