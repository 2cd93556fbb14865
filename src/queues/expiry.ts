import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { SidecarConfig } from '../config/sidecar-config.js';
import { CoordinationQueue } from './coordination-queue.js';
import { unindexOperations } from './operation-index.js';
import { operationKeys } from './operation-keys.js';
import { OperationsQueue } from './operations-queue.js';
import { RedisConnections } from './redis-connections.js';

const BATCH = 1000;

/** How often finished operations are swept: a quarter of the period, between 1 s and 1 min. */
export function sweepIntervalMs(expirationMs: number): number {
  return Math.min(60_000, Math.max(1_000, Math.floor(expirationMs / 4)));
}

/**
 * Removes finished operations once they are older than the expiration period. BullMQ's own
 * retention is lazy (it only runs when another job finishes), so a periodic sweep makes the
 * period a hard bound: an operation lives at most period + one sweep interval after finishing.
 */
@Injectable()
export class OperationExpiry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('expiry');
  private readonly redis: Redis;
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;

  constructor(
    private readonly operations: OperationsQueue,
    private readonly coordination: CoordinationQueue,
    connections: RedisConnections,
    @Inject(SidecarConfig) private readonly config: SidecarConfig,
  ) {
    this.redis = connections.open('icarus-expiry');
  }

  /** Sweep interval: a quarter of the period, between 1 s and 1 min. */
  get intervalMs(): number {
    return sweepIntervalMs(this.config.server.operationsExpirationMs);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweep()
        .then(() => undefined, (err: Error) => this.logger.warn({ msg: 'expiry sweep failed', error: err.message }))
        .finally(() => (this.sweeping = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** Removes every operation that finished more than one period ago; returns their ids. */
  async sweep(): Promise<string[]> {
    const grace = this.config.server.operationsExpirationMs;
    const keys = operationKeys(this.operations.prefix);
    const removed: string[] = [];
    for (const state of ['completed', 'failed'] as const) {
      for (;;) {
        const ids = await this.operations.queue.clean(grace, BATCH, state);
        // Right after each batch: a listing meanwhile only skips the few ids whose jobs just went.
        await unindexOperations(this.redis, keys, ids);
        removed.push(...ids);
        if (ids.length < BATCH) break;
      }
    }
    await this.sweepCoordination(grace);
    if (removed.length > 0) this.logger.log({ msg: 'expired finished operations', count: removed.length });
    return removed;
  }

  /**
   * A cluster-wide operation deletes its phase jobs when it finishes; this catches those left by one
   * that ended abnormally (a coordinator killed right after it finished), one period after they ended.
   */
  private async sweepCoordination(grace: number): Promise<void> {
    for (const state of ['completed', 'failed'] as const) {
      while ((await this.coordination.queue.clean(grace, BATCH, state)).length === BATCH);
    }
  }
}
