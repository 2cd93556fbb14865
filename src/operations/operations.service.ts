import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JobState } from 'bullmq';
import type { Redis } from 'ioredis';
import { NotFoundError } from '../common/errors.js';
import { operationKeys } from '../queues/operation-keys.js';
import { OperationsQueue } from '../queues/operations-queue.js';
import { RedisConnections } from '../queues/redis-connections.js';
import { AllowedPaths } from './allowed-paths.js';
import type { OperationSummary } from './operation-handler.js';
import { type OperationJob, type OperationJobData, type OperationJson, operationState, renderOperation } from './operation-job.js';
import { OperationRegistry } from './operation-registry.js';
import { FINISHED_STATES, OperationState } from './operation-state.js';
import { OperationsWorker } from './operations.worker.js';
import { parseOperationRequest } from './request-parser.js';

/** In the order jobs move through them, so a job changing state during a listing is still seen once. */
const ALL_JOB_STATES: JobState[] = ['waiting', 'prioritized', 'delayed', 'waiting-children', 'active', 'completed', 'failed'];

export interface OperationFilter {
  types?: string[];
  states?: string[];
}

/** Submits, lists, reads and cancels operations. The only code that adds jobs to the queue. */
@Injectable()
export class OperationsService {
  private readonly logger = new Logger('operations');
  private readonly redis: Redis;
  private readonly keys: ReturnType<typeof operationKeys>;

  constructor(
    private readonly operations: OperationsQueue,
    private readonly registry: OperationRegistry,
    private readonly worker: OperationsWorker,
    connections: RedisConnections,
    private readonly paths: AllowedPaths,
  ) {
    this.redis = connections.open('icarus-operations');
    this.keys = operationKeys(operations.prefix);
  }

  /** Validates a POST body, keeps its paths inside the allowed directories, runs the type's precheck (400/409) and enqueues it. */
  async submit(body: unknown): Promise<OperationJson> {
    const parsed = await parseOperationRequest(body, this.registry);
    await this.paths.check(body, parsed);
    const { handler } = parsed.registered;
    if (handler.precheck) await handler.precheck(parsed.instance, { active: await this.activeSummaries() });
    const id = randomUUID();
    const sequence = await this.redis.incr(this.keys.sequence);
    const data: OperationJobData = {
      request: parsed.plain,
      creationTime: new Date().toISOString(),
      errors: [],
      checkpoints: {},
      runs: 0,
      sequence,
    };
    const job = (await this.operations.queue.add(parsed.registered.definition.type, data, { jobId: id })) as OperationJob;
    this.logger.log({ msg: 'operation state', operationId: id, type: job.name, state: OperationState.Pending });
    return renderOperation(job, 'waiting');
  }

  async get(id: string): Promise<OperationJson> {
    // State first, job second: a job only moves forward, so the job read afterwards is at least as
    // new as its state (reading them the other way round could show COMPLETED without completionTime).
    const state = await this.operations.queue.getJobState(id);
    const job = (await this.operations.queue.getJob(id)) as OperationJob | undefined;
    if (!job || state === 'unknown') throw new NotFoundError(`operation ${id} does not exist`);
    return renderOperation(job, state, await this.cancelRequestedAt(id));
  }

  /** All operations, newest first, filtered by type and state (OR within, AND across). */
  async list(filter: OperationFilter = {}): Promise<OperationJson[]> {
    const jobs = await this.allJobs();
    const cancels = await this.allCancelRequests();
    const rendered = jobs.map(({ job, state }) => ({ job, json: renderOperation(job, state, cancels.get(job.id!)) }));
    return rendered
      .filter(({ json }) => !filter.types?.length || filter.types.includes(json.type as string))
      .filter(({ json }) => !filter.states?.length || filter.states.includes(json.state as string))
      .sort((a, b) => b.job.data.sequence - a.job.data.sequence)
      .map(({ json }) => json);
  }

  /**
   * Asks an operation to stop. A running one gets its AbortSignal fired; a pending one will end
   * CANCELLED as soon as a worker takes it, and shows CANCELLED from now on.
   */
  async cancel(id: string): Promise<void> {
    const job = (await this.operations.queue.getJob(id)) as OperationJob | undefined;
    if (!job) throw new NotFoundError(`operation ${id} does not exist`);
    const state = await job.getState();
    if (state === 'completed' || state === 'failed') return;
    await this.redis.hsetnx(this.keys.cancelRequests, id, Date.now());
    this.worker.abort(id);
  }

  private async activeSummaries(): Promise<OperationSummary[]> {
    const jobs = (await this.operations.queue.getJobs(['active', 'waiting', 'prioritized', 'delayed'])) as OperationJob[];
    const cancels = await this.allCancelRequests();
    const summaries = await Promise.all(
      jobs.filter(Boolean).map(async (job) => ({
        id: job.id!,
        type: job.name,
        state: operationState(job, await job.getState(), cancels.get(job.id!)),
        request: job.data.request,
      })),
    );
    return summaries.filter((s) => !FINISHED_STATES.has(s.state));
  }

  /** Every job with its state, one query per state rather than one per job. */
  private async allJobs(): Promise<Array<{ job: OperationJob; state: JobState }>> {
    const seen = new Set<string>();
    const out: Array<{ job: OperationJob; state: JobState }> = [];
    for (const state of ALL_JOB_STATES) {
      for (const job of (await this.operations.queue.getJobs([state], 0, -1)) as OperationJob[]) {
        // A job moving between states may show up twice; keep its first sighting.
        if (job && !seen.has(job.id!)) {
          seen.add(job.id!);
          out.push({ job, state });
        }
      }
    }
    return out;
  }

  private async cancelRequestedAt(id: string): Promise<number | undefined> {
    const at = await this.redis.hget(this.keys.cancelRequests, id);
    return at ? Number(at) : undefined;
  }

  private async allCancelRequests(): Promise<Map<string, number>> {
    const all = await this.redis.hgetall(this.keys.cancelRequests);
    return new Map(Object.entries(all).map(([id, at]) => [id, Number(at)]));
  }
}
