import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { JobState, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { withDeadline } from '../common/deadline.js';
import { MetricsRegistry } from '../metrics/metrics-registry.js';
import { METRIC_PREFIX } from '../metrics/prometheus.js';
import { CoordinationQueue } from '../queues/coordination-queue.js';
import { operationKeys } from '../queues/operation-keys.js';
import { OperationsQueue } from '../queues/operations-queue.js';
import { QueueName } from '../queues/queue-names.js';
import { RedisConnections } from '../queues/redis-connections.js';
import { ALL_JOB_STATES, stateOf } from './operation-job.js';
import { OperationRegistry } from './operation-registry.js';
import { OperationState } from './operation-state.js';

/** A scrape waits this long for Redis; past it the queue series are left out and scrape_success is 0. */
const SCRAPE_TIMEOUT_MS = 2000;
/** BullMQ states that are a queue's depth (jobs not finished). */
const DEPTH_STATES: JobState[] = ['waiting', 'prioritized', 'delayed', 'waiting-children', 'active'];

interface Snapshot {
  /** `type\0state` → count. */
  operations: Map<string, number>;
  depth: Array<{ queue: string; state: string; count: number }>;
}

/**
 * The scrape-time series of the engine: operations by type and Icarus state, and queue depth,
 * read from Redis at every scrape, so they are right across sidecar restarts (the queue is the
 * only record of operations). One Redis snapshot feeds all of them.
 */
@Injectable()
export class OperationMetrics implements OnModuleInit {
  private readonly redis: Redis;
  private snapshot: Promise<Snapshot | null> | undefined;

  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly operations: OperationsQueue,
    private readonly coordination: CoordinationQueue,
    private readonly types: OperationRegistry,
    connections: RedisConnections,
  ) {
    this.redis = connections.open('icarus-metrics');
  }

  onModuleInit(): void {
    this.metrics.scrapeGauge({
      name: `${METRIC_PREFIX}operations`,
      help: 'Operations kept in the queue (finished ones until they expire), by type and state (PENDING, RUNNING, COMPLETED, FAILED, CANCELLED)',
      labelNames: ['type', 'state'] as const,
      collect: async () => {
        const snapshot = await this.current();
        if (!snapshot) return [];
        const types = [...this.types.typeIds(), ...(snapshot.operations.has('other') ? ['other'] : [])];
        return types.flatMap((type) =>
          Object.values(OperationState).map((state) => ({ labels: { type, state }, value: snapshot.operations.get(`${type}\0${state}`) ?? 0 })),
        );
      },
    });
    this.metrics.scrapeGauge({
      name: `${METRIC_PREFIX}queue_jobs`,
      help: 'Jobs not yet finished in each BullMQ queue (operations, coordination), by BullMQ state',
      labelNames: ['queue', 'state'] as const,
      collect: async () => (await this.current())?.depth.map(({ queue, state, count }) => ({ labels: { queue, state }, value: count })) ?? [],
    });
    this.metrics.scrapeGauge({
      name: `${METRIC_PREFIX}queue_scrape_success`,
      help: '1 when this scrape could read the queues from Redis, 0 when Redis did not answer in time',
      labelNames: [] as const,
      collect: async () => [{ labels: {}, value: (await this.current()) ? 1 : 0 }],
    });
  }

  /**
   * The snapshot of this scrape: prom-client collects every gauge at once, so the gauges of one
   * scrape join the read under way; the next scrape reads again. Null when Redis did not answer.
   */
  private current(): Promise<Snapshot | null> {
    this.snapshot ??= withDeadline(this.read(), SCRAPE_TIMEOUT_MS, 'Redis')
      .catch(() => null)
      .finally(() => (this.snapshot = undefined));
    return this.snapshot;
  }

  private async read(): Promise<Snapshot> {
    const [operations, ...depth] = await Promise.all([
      this.countOperations(),
      this.depth(QueueName.Operations, this.operations.queue),
      this.depth(QueueName.Coordination, this.coordination.queue),
    ]);
    return { operations, depth: depth.flat() };
  }

  private async depth(name: string, queue: Queue): Promise<Snapshot['depth']> {
    const counts = await queue.getJobCounts(...DEPTH_STATES);
    return DEPTH_STATES.map((state) => ({ queue: name, state, count: counts[state] ?? 0 }));
  }

  /**
   * Counts operations by type and state from job ids and names only (not their data), except for
   * failed jobs, whose data says whether they were cancelled. A job moving between states while
   * this runs is counted once, in the first state it is seen in.
   */
  private async countOperations(): Promise<Map<string, number>> {
    const queue = this.operations.queue;
    const known = new Set(this.types.typeIds());
    const cancelRequested = new Set(await this.redis.hkeys(operationKeys(this.operations.prefix).cancelRequests));
    const seen = new Set<string>();
    const counts = new Map<string, number>();
    for (const jobState of ALL_JOB_STATES) {
      const ids = (await queue.getRanges([jobState], 0, -1)).filter((id) => !seen.has(id));
      if (ids.length === 0) continue;
      ids.forEach((id) => seen.add(id));
      const pipeline = this.redis.pipeline();
      for (const id of ids) pipeline.hmget(queue.toKey(id), 'name', ...(jobState === 'failed' ? ['data'] : []));
      const replies = (await pipeline.exec()) ?? [];
      replies.forEach(([err, reply], i) => {
        const [name, data] = (err ? [] : reply) as Array<string | null>;
        if (!name) return; // removed by expiry meanwhile
        const type = known.has(name) ? name : 'other';
        const state = stateOf(jobState, jobState === 'failed' && wasCancelled(data), cancelRequested.has(ids[i]));
        counts.set(`${type}\0${state}`, (counts.get(`${type}\0${state}`) ?? 0) + 1);
        if (type === 'other') counts.set('other', 1);
      });
    }
    return counts;
  }
}

function wasCancelled(data: string | null | undefined): boolean {
  try {
    return (JSON.parse(data ?? '{}') as { cancelled?: unknown }).cancelled === true;
  } catch {
    return false;
  }
}
