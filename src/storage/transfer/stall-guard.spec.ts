import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TransferStalledError, withStallGuard } from './stall-guard.js';

describe('withStallGuard', () => {
  it('abandons an attempt that never settles and makes no progress', async () => {
    let abortedWith: unknown;
    const never = (signal: AbortSignal) =>
      new Promise<never>(() => signal.addEventListener('abort', () => (abortedWith = signal.reason)));
    await assert.rejects(withStallGuard('upload of k', 50, undefined, never), TransferStalledError);
    assert.ok(abortedWith instanceof TransferStalledError, 'the attempt was told to stop');
  });

  it('keeps an attempt alive while it reports progress', async () => {
    const result = await withStallGuard('download of k', 60, undefined, async (_signal, touch) => {
      for (let i = 0; i < 6; i++) {
        await new Promise((r) => setTimeout(r, 30));
        touch();
      }
      return 'done';
    });
    assert.equal(result, 'done');
  });

  it('passes a cancellation through as the attempt reports it, not as a stall', async () => {
    const outer = new AbortController();
    const attempt = (signal: AbortSignal) =>
      new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error('cancelled by caller'))));
    const running = withStallGuard('upload of k', 10_000, outer.signal, attempt);
    outer.abort();
    await assert.rejects(running, /cancelled by caller/);
  });
});
