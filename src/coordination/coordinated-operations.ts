import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { OperationJob } from '../operations/operation-job.js';
import { operationKeys } from '../queues/operation-keys.js';
import { OperationsQueue } from '../queues/operations-queue.js';
import { QUEUE_PREFIX, RedisConnections } from '../queues/redis-connections.js';
import type { ClusterPlan } from './cluster-plan.js';

/** Checkpoint key of the plan in the cluster-wide operation's job (written through context.checkpoint). */
export const PLAN_CHECKPOINT = 'coordination:plan';

/**
 * What node jobs and phase gates need to know about the cluster-wide operation they belong to,
 * read from its operation job: its plan, and whether DELETE asked to cancel it.
 */
@Injectable()
export class CoordinatedOperations {
  private readonly redis: Redis;
  private readonly cancelRequests: string;

  constructor(
    private readonly operations: OperationsQueue,
    connections: RedisConnections,
    @Inject(QUEUE_PREFIX) prefix: string,
  ) {
    this.redis = connections.open('icarus-coordination-state');
    this.cancelRequests = operationKeys(prefix).cancelRequests;
  }

  /** The plan, or undefined when the operation is gone (expired, removed). */
  async plan(operationId: string): Promise<ClusterPlan | undefined> {
    const job = (await this.operations.queue.getJob(operationId)) as OperationJob | undefined;
    return job?.data.checkpoints?.[PLAN_CHECKPOINT] as ClusterPlan | undefined;
  }

  async cancelRequested(operationId: string): Promise<boolean> {
    return (await this.redis.hexists(this.cancelRequests, operationId)) === 1;
  }

  /** True while the operation still runs (or waits to run again after a restart). */
  async active(operationId: string): Promise<boolean> {
    const state = await this.operations.queue.getJobState(operationId);
    return state !== 'completed' && state !== 'failed' && state !== 'unknown';
  }
}
