import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CancelledError } from '../../common/errors.js';
import { PartBuffers } from './part-buffers.js';

const MiB = 1024 * 1024;

describe('S3 part buffers', () => {
  it('hands out shared memory up to the capacity, first come first served, and reuses it', async () => {
    const buffers = new PartBuffers(16 * MiB, 8 * MiB);
    const a = await buffers.acquire(8 * MiB);
    const b = await buffers.acquire(5 * MiB);
    assert.ok(a.buffer instanceof SharedArrayBuffer);
    assert.equal(b.length, 5 * MiB);
    assert.equal(buffers.inUse, 16 * MiB, 'a short standard part still holds a whole standard buffer');
    const order: string[] = [];
    const big = buffers.acquire(8 * MiB).then((buffer) => (order.push('big'), buffer));
    const small = buffers.acquire(1000).then((buffer) => (order.push('small'), buffer));
    buffers.release(a);
    const reused = await big;
    assert.equal(reused.buffer, a.buffer, 'the freed standard buffer is reused');
    buffers.release(b);
    await small;
    assert.deepEqual(order, ['big', 'small'], 'waiters are served in order, a small one does not jump the queue');
    assert.equal(buffers.inUse, 8 * MiB + 1000);
  });

  it('gives a part larger than the capacity all of it, and withdraws cancelled waiters', async () => {
    const buffers = new PartBuffers(8 * MiB, 8 * MiB);
    const huge = await buffers.acquire(12 * MiB);
    assert.equal(huge.length, 12 * MiB);
    assert.equal(buffers.inUse, 8 * MiB);
    const controller = new AbortController();
    const waiting = buffers.acquire(8 * MiB, controller.signal);
    controller.abort();
    await assert.rejects(waiting, CancelledError);
    buffers.release(huge);
    assert.equal(buffers.inUse, 0);
    buffers.release(huge);
    assert.equal(buffers.inUse, 0, 'a second release is ignored');
  });
});
