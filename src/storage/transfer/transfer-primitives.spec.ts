import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import { CancelledError, NotFoundError, UnavailableError } from '../../common/errors.js';
import { parseRetry } from '../transfer-options.js';
import { createDigest } from './hashing.js';
import { runParallel } from '../../common/parallel.js';
import { withRetry } from './retry.js';
import { TokenBucket } from './token-bucket.js';

describe('transfer primitives', () => {
  it('hashes as Esop writes hashes: hex SHA-256, decimal CRC32, nothing for NONE', () => {
    const sha = createDigest('SHA-256');
    sha.update(Buffer.from('ab'));
    sha.update(Buffer.from('c'));
    assert.equal(sha.digest(), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const crc = createDigest('CRC');
    crc.update(Buffer.from('123456789'));
    assert.equal(crc.digest(), '3421780262');
    assert.equal(String(crc32('123456789')), '3421780262');
    assert.equal(createDigest('NONE').digest(), null);
  });

  it('tries once when retry is disabled and maxAttempts + 1 times when enabled', async () => {
    let tries = 0;
    const failing = async () => {
      tries++;
      throw new UnavailableError('flaky');
    };
    await assert.rejects(withRetry(parseRetry({ enabled: false, maxAttempts: 5 }), failing), /flaky/);
    assert.equal(tries, 1);
    tries = 0;
    await assert.rejects(withRetry(parseRetry({ enabled: true, maxAttempts: 1, interval: 1 }), failing), /flaky/);
    assert.equal(tries, 2);
  });

  it('does not retry errors that say a retry cannot help', async () => {
    let tries = 0;
    await assert.rejects(
      withRetry(parseRetry({ enabled: true, maxAttempts: 5, interval: 1 }), async () => {
        tries++;
        throw new NotFoundError('gone');
      }),
      NotFoundError,
    );
    assert.equal(tries, 1);
  });

  it('stops waiting for a retry when cancelled', async () => {
    const controller = new AbortController();
    const run = withRetry(
      parseRetry({ enabled: true, maxAttempts: 3, interval: 60 }),
      async () => {
        queueMicrotask(() => controller.abort());
        throw new UnavailableError('flaky');
      },
      controller.signal,
    );
    await assert.rejects(run, CancelledError);
  });

  it('runs work in parallel up to the limit and starts nothing new after a failure', async () => {
    let inFlight = 0;
    let peak = 0;
    const started: number[] = [];
    const outcome = await runParallel([0, 1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      started.push(n);
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      if (n === 1) throw new Error('boom');
      return n * 2;
    });
    assert.equal(peak, 3);
    assert.deepEqual(outcome.failures.map((f) => f.index), [1]);
    assert.ok(started.length < 8, 'items after the failure were not started');
    assert.equal(outcome.results[0], 0);
  });

  it('lets a burst through a token bucket at once and cancels a waiting taker', async () => {
    const bucket = new TokenBucket(1000, 100);
    await bucket.take(50);
    const controller = new AbortController();
    const waiting = bucket.take(10_000, controller.signal);
    controller.abort();
    await assert.rejects(waiting, CancelledError);
    assert.throws(() => new TokenBucket(0), RangeError);
  });
});
