import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';
import type { ChainableCommander, Redis } from 'ioredis';
import { NotFoundError } from '../common/errors.js';
import { SidecarConfig } from '../config/sidecar-config.js';
import { OPERATION_JOB_OPTIONS } from '../queues/job-options.js';
import { indexOperation, stampCreation } from '../queues/operation-index.js';
import { operationKeys } from '../queues/operation-keys.js';
import { OperationsQueue } from '../queues/operations-queue.js';
import { RedisConnections } from '../queues/redis-connections.js';
import { backfillIndexes } from './index-backfill.js';
import { AllowedPaths } from './allowed-paths.js';
import type { OperationSummary } from './operation-handler.js';
import { iso, type OperationJob, type OperationJobData, type OperationJson, operationState, renderOperation } from './operation-job.js';
import { type OperationFilter, OperationQuery } from './operation-query.js';
import { OperationRegistry } from './operation-registry.js';
import { OperationState } from './operation-state.js';
import { OperationsWorker } from './operations.worker.js';
import { parseOperationRequest } from './request-parser.js';
import { StorageRequest, storageEnvOf } from './storage-request.js';
import { type ActiveView, SubmissionLimits } from './submission-limits.js';

export type { OperationFilter };

/** Submits, lists, reads and cancels operations. The only code that adds jobs to the queue. */
@Injectable()
export class OperationsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('operations');
  private readonly redis: Redis;
  private readonly keys: ReturnType<typeof operationKeys>;
  private readonly query: OperationQuery;
  private readonly limits: SubmissionLimits;
  /** The read of active operations under way, and the one the submissions arriving meanwhile wait for. */
  private activeRead?: Promise<ActiveView>;
  private nextActiveRead?: Promise<ActiveView>;

  constructor(
    private readonly operations: OperationsQueue,
    private readonly registry: OperationRegistry,
    private readonly worker: OperationsWorker,
    connections: RedisConnections,
    @Inject(SidecarConfig) private readonly config: SidecarConfig,
    private readonly paths: AllowedPaths,
  ) {
    this.redis = connections.open('icarus-operations');
    this.keys = operationKeys(operations.prefix);
    this.query = new OperationQuery(this.redis, this.keys);
    this.limits = new SubmissionLimits(this.redis, this.keys, config.limits, config.server.operationsExpirationMs);
  }

  async onApplicationBootstrap(): Promise<void> {
    const indexed = await backfillIndexes(this.operations.queue, this.redis, this.keys);
    if (indexed > 0) this.logger.log({ msg: 'indexed operations kept from before the indexes existed', count: indexed });
  }

  /**
   * Validates a POST body, keeps its paths inside the allowed directories, runs the type's precheck
   * (400/409), checks the caps on pending and retained operations (429) and enqueues it.
   */
  async submit(body: unknown): Promise<OperationJson> {
    const parsed = await parseOperationRequest(body, this.registry);
    await this.paths.check(body, parsed);
    const { handler } = parsed.registered;
    // A Kubernetes Secret that is not mounted, or lacks a key, is a 400 now rather than a failure later.
    if (parsed.instance instanceof StorageRequest) storageEnvOf(parsed.instance, this.config.backup);
    const view = await this.activeSummaries();
    if (handler.precheck) await handler.precheck(parsed.instance, { active: view.active });
    const type = parsed.registered.definition.type;
    const admission = await this.limits.admit(type, view);
    try {
      const operation = await this.enqueue(type, parsed.plain, parsed.echo);
      this.limits.settle(admission);
      return operation;
    } catch (err) {
      this.limits.drop(admission);
      throw err;
    }
  }

  private async enqueue(type: string, plain: Record<string, unknown>, echo: OperationJobData['echo']): Promise<OperationJson> {
    const id = randomUUID();
    const { sequence, micros } = await stampCreation(this.redis, this.keys);
    const data: OperationJobData = {
      request: plain,
      ...(echo ? { echo } : {}),
      creationTime: iso(Math.floor(micros / 1000)),
      errors: [],
      checkpoints: {},
      runs: 0,
      sequence,
    };
    const job = await this.add(type, data, id, micros);
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

  /**
   * Operations newest first, filtered by type and state (OR within, AND across), created since, one
   * page of them: read from the indexes, so only what is returned is loaded and rendered.
   */
  async list(filter: OperationFilter = {}): Promise<OperationJson[]> {
    const page = await this.query.find(filter);
    return page.map(({ job, jobState, cancelRequestedAt }) => renderOperation(job, jobState, cancelRequestedAt));
  }

  /**
   * Asks an operation to stop. A running one gets its AbortSignal fired; a pending one will end
   * CANCELLED as soon as a worker takes it, and shows CANCELLED from now on. `authorize` sees the
   * operation's type first and throws when the caller may not cancel it.
   */
  async cancel(id: string, authorize: (type: string) => void = () => undefined): Promise<void> {
    const job = (await this.operations.queue.getJob(id)) as OperationJob | undefined;
    if (!job) throw new NotFoundError(`operation ${id} does not exist`);
    authorize(job.name);
    const state = await job.getState();
    if (state === 'completed' || state === 'failed') return;
    await this.redis.hsetnx(this.keys.cancelRequests, id, Date.now());
    this.worker.abort(id);
  }

  /**
   * Operations not finished yet, for prechecks: read from the state sets, never a scan of all jobs.
   * Submissions arriving together share one read (one at a time, each starting after the requests
   * it serves arrived, so none sees an older view than a read of its own would show): during a
   * burst the backlog of PENDING operations is read once per batch, not once per submission.
   */
  private activeSummaries(): Promise<ActiveView> {
    if (this.nextActiveRead) return this.nextActiveRead;
    const read = async (): Promise<ActiveView> => {
      await this.activeRead?.catch(() => undefined);
      this.nextActiveRead = undefined;
      this.activeRead = this.readActive();
      return this.activeRead;
    };
    this.nextActiveRead = read();
    return this.nextActiveRead;
  }

  private async readActive(): Promise<ActiveView> {
    const startedAt = performance.now();
    const found = await this.query.find({ states: [OperationState.Pending, OperationState.Running] });
    const active = found.map(({ job, jobState, cancelRequestedAt }): OperationSummary => ({
      id: job.id!,
      type: job.name,
      state: operationState(job, jobState, cancelRequestedAt),
      request: job.data.request,
    }));
    return { active, startedAt };
  }

  /**
   * Adds the job and its index entries in one MULTI (BullMQ's add script included), so a listing
   * never meets one without the other.
   */
  private async add(type: string, data: OperationJobData, id: string, micros: number): Promise<OperationJob> {
    const queue = this.operations.queue;
    const multi = (await queue.getBackend().client).multi();
    const job = new Job(queue, type, data, OPERATION_JOB_OPTIONS, id) as OperationJob;
    await job.addJob(multi);
    indexOperation(multi as unknown as ChainableCommander, this.keys, id, type, micros);
    const results = (await multi.exec()) ?? [];
    const failure = results.find(([err]) => err)?.[0];
    if (failure) throw failure;
    const added: unknown = results[0]?.[1];
    if (typeof added === 'number' && added < 0) throw new Error(`BullMQ refused to add operation ${id} (code ${added})`);
    return job;
  }

  private async cancelRequestedAt(id: string): Promise<number | undefined> {
    const at = await this.redis.hget(this.keys.cancelRequests, id);
    return at ? Number(at) : undefined;
  }
}
