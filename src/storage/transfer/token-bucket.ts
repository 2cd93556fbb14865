import { setTimeout as sleep } from 'node:timers/promises';
import { CancelledError } from '../../common/errors.js';

/**
 * One rate limit shared by every stream of a transfer (Esop gave each connection rate/connections,
 * which wastes the budget when few files remain). Callers reserve bytes in call order (GCRA-style
 * "theoretical arrival time"), so waiting streams are served first come, first served, and a short
 * burst allowance keeps small chunks from paying timer latency each.
 */
export class TokenBucket {
  private theoreticalArrivalMs = 0;

  constructor(
    readonly bytesPerSecond: number,
    private readonly burstMs = 100,
  ) {
    if (!(bytesPerSecond > 0)) throw new RangeError('bytesPerSecond must be positive');
  }

  /** Resolves when `bytes` may pass; rejects with CancelledError when the signal aborts. */
  async take(bytes: number, signal?: AbortSignal): Promise<void> {
    const now = performance.now();
    this.theoreticalArrivalMs = Math.max(this.theoreticalArrivalMs, now) + (bytes / this.bytesPerSecond) * 1000;
    const waitMs = this.theoreticalArrivalMs - now - this.burstMs;
    if (waitMs <= 0) return;
    try {
      await sleep(waitMs, undefined, { signal });
    } catch (err) {
      if (signal?.aborted) throw new CancelledError();
      throw err;
    }
  }
}
