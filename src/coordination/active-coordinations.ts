import { Injectable } from '@nestjs/common';

/**
 * Counts the cluster-wide operations this process is coordinating right now, so a stopping sidecar
 * keeps following their nodes until they end (the operations worker waits for them too).
 */
@Injectable()
export class ActiveCoordinations {
  private count = 0;
  private waiters: Array<() => void> = [];

  async track<T>(run: () => Promise<T>): Promise<T> {
    this.count++;
    try {
      return await run();
    } finally {
      if (--this.count === 0) for (const wake of this.waiters.splice(0)) wake();
    }
  }

  /** Resolves once no cluster-wide operation runs in this process. */
  idle(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}
