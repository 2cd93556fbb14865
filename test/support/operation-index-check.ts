import assert from 'node:assert/strict';
import { type JobState, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { type OperationJob, type OperationJson, renderOperation } from '../../src/operations/operation-job.js';
import { operationKeys } from '../../src/queues/operation-keys.js';

const ALL_JOB_STATES: JobState[] = ['waiting', 'prioritized', 'delayed', 'waiting-children', 'active', 'completed', 'failed'];

/** Direct access to one sidecar's operations queue in Redis, to check the indexes against the jobs. */
export class OperationsRedis {
  readonly redis: Redis;
  readonly queue: Queue;
  readonly keys: ReturnType<typeof operationKeys>;
  private readonly queueConnection: Redis;

  constructor(url: string, readonly prefix: string) {
    this.redis = new Redis(url);
    this.queueConnection = new Redis(url, { maxRetriesPerRequest: null });
    this.queue = new Queue('operations', { connection: this.queueConnection, prefix });
    this.keys = operationKeys(prefix);
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.queueConnection.disconnect();
    this.redis.disconnect();
  }

  /** Every job with its BullMQ state, as the engine listed them before the indexes. */
  async allJobs(): Promise<Array<{ job: OperationJob; state: JobState }>> {
    const seen = new Set<string>();
    const out: Array<{ job: OperationJob; state: JobState }> = [];
    for (const state of ALL_JOB_STATES) {
      for (const job of (await this.queue.getJobs([state], 0, -1)) as OperationJob[]) {
        if (job && !seen.has(job.id!)) {
          seen.add(job.id!);
          out.push({ job, state });
        }
      }
    }
    return out;
  }

  /** The full list as the engine rendered it before the indexes: every job, newest (by sequence) first. */
  async referenceList(): Promise<OperationJson[]> {
    const cancels = await this.redis.hgetall(this.keys.cancelRequests);
    return (await this.allJobs())
      .sort((a, b) => b.job.data.sequence - a.job.data.sequence)
      .map(({ job, state }) => renderOperation(job, state, cancels[job.id!] ? Number(cancels[job.id!]) : undefined));
  }

  /** Asserts the creation and per-type indexes hold exactly the existing jobs, and cancel requests only existing ones. */
  async assertIndexesMatchJobs(what: string): Promise<void> {
    const jobs = await this.allJobs();
    const ids = jobs.map(({ job }) => job.id!).sort();
    assert.deepEqual((await this.redis.zrange(this.keys.byCreation, '0', '-1')).sort(), ids, `${what}: by-creation index`);
    for (const type of await this.redis.smembers(this.keys.indexedTypes)) {
      const ofType = jobs.filter(({ job }) => job.name === type).map(({ job }) => job.id!).sort();
      assert.deepEqual((await this.redis.zrange(this.keys.byTypePrefix + type, '0', '-1')).sort(), ofType, `${what}: ${type} index`);
    }
    for (const id of await this.redis.hkeys(this.keys.cancelRequests)) assert.ok(ids.includes(id), `${what}: cancel request of a removed job ${id}`);
  }
}
