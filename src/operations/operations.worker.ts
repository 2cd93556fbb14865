import { hostname } from 'node:os';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Job, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { CancelledError, errorMessage } from '../common/errors.js';
import { SidecarConfig } from '../config/sidecar-config.js';
import { type FinalState, metrics } from '../metrics/sink.js';
import { OPERATION_WORKER_SETTINGS } from '../queues/job-options.js';
import { operationKeys } from '../queues/operation-keys.js';
import { QueueName } from '../queues/queue-names.js';
import { QUEUE_PREFIX, RedisConnections } from '../queues/redis-connections.js';
import { JobOperationContext } from './operation-context.js';
import type { OperationJob } from './operation-job.js';
import { OperationRegistry } from './operation-registry.js';
import { OperationState } from './operation-state.js';

export const RESTART_ERROR =
  'the sidecar restarted while this operation was running, and operations of this type cannot resume; submit it again';

/** Abort reason of runs stopped because the sidecar is stopping: they go back to the queue, not to FAILED. */
export class SidecarStopping extends Error {
  constructor() {
    super('the sidecar is stopping; the operation continues in the next one');
  }
}

interface Run {
  controller: AbortController;
  /** Resumable node-level runs are handed back to the queue on SIGTERM instead of being waited for. */
  releasable: boolean;
  finished: Promise<void>;
}

/**
 * Runs operation jobs through their handlers, at most `concurrency` at once. Each run gets an
 * AbortSignal that DELETE /operations/{id} triggers, and that a stopping sidecar triggers for the
 * runs it hands back to the queue.
 */
@Injectable()
export class OperationsWorker implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('operations');
  private readonly running = new Map<string, Run>();
  private stopping = false;
  private worker?: Worker;
  private readonly redis: Redis;

  constructor(
    private readonly registry: OperationRegistry,
    private readonly connections: RedisConnections,
    @Inject(QUEUE_PREFIX) private readonly prefix: string,
    @Inject(SidecarConfig) private readonly config: SidecarConfig,
  ) {
    this.redis = connections.openForWorker('icarus-worker-state');
  }

  onApplicationBootstrap(): void {
    this.worker = new Worker(QueueName.Operations, (job: OperationJob, token?: string) => this.process(job, token), {
      connection: this.connections.openForWorker('icarus-worker'),
      prefix: this.prefix,
      concurrency: this.config.server.concurrency,
      ...OPERATION_WORKER_SETTINGS,
    });
    this.worker.on('error', (err) => this.logger.warn({ msg: 'worker error', error: errorMessage(err) }));
    this.worker.on('active', (job) => this.logState(job, OperationState.Running));
    this.worker.on('completed', (job) => this.finished(job, OperationState.Completed));
    this.worker.on('failed', (job) => job && this.finished(job, job.data.cancelled ? OperationState.Cancelled : OperationState.Failed));
  }

  /**
   * SIGTERM (graceful stop): no new operation starts here; resumable node-level operations are
   * aborted and moved back to the queue with their checkpoints, so the next sidecar resumes them
   * (as after a crash, but at once and without a stalled-job wait). Others, which cannot resume,
   * and cluster-wide ones, which keep following their nodes, are waited for in onApplicationShutdown.
   * Runs before any onApplicationShutdown, so Redis is still connected for the hand-back.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.worker?.pause(true);
    const released = [...this.running.values()].filter((run) => run.releasable);
    for (const run of released) run.controller.abort(new SidecarStopping());
    await Promise.all(released.map((run) => run.finished));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  /** Aborts a run in this process; returns false when it is not running here. */
  abort(id: string): boolean {
    const run = this.running.get(id);
    run?.controller.abort(new CancelledError());
    return run !== undefined;
  }

  private async process(picked: OperationJob, token: string | undefined): Promise<unknown> {
    const job = await this.afterLostLock(picked);
    if (job.data.ended) return this.settle(job);
    const registered = this.registry.get(job.name);
    if (!registered) throw new UnrecoverableError(`operation type '${job.name}' is not enabled on this sidecar`);
    // Taken just as the sidecar stops: give it back untouched (not counted as a run) for the next one.
    if (this.stopping) return this.release(job, token);
    const resumed = job.data.runs > 0;
    await job.updateData({ ...job.data, runs: job.data.runs + 1 });
    if (await this.cancelRequested(job.id!)) return this.fail(job, new CancelledError(), true);
    if (resumed && !registered.definition.resumable) return this.fail(job, new Error(RESTART_ERROR), false);

    const controller = new AbortController();
    let finish!: () => void;
    const releasable = registered.definition.resumable && job.data.request.globalRequest !== true;
    this.running.set(job.id!, { controller, releasable, finished: new Promise<void>((resolve) => (finish = resolve)) });
    const context = new JobOperationContext(job, job.data.request, controller.signal, resumed);
    const stopped = () => controller.signal.reason instanceof SidecarStopping;
    try {
      const result = await registered.handler.run(context);
      await context.flush();
      if (stopped()) return await this.release(job, token);
      if (controller.signal.aborted) return this.fail(job, new CancelledError(), true);
      const ended = context.errorCount > 0 ? 'failed' : 'completed';
      await job.updateData({ ...job.data, ...(result ? { result, live: undefined } : {}), ended });
      if (ended === 'failed') throw new UnrecoverableError(job.data.errors.map((e) => e.message).join('; '));
      return null;
    } catch (err) {
      await context.flush();
      if (err instanceof WaitingError) throw err;
      if (stopped()) return await this.release(job, token);
      if (err instanceof UnrecoverableError) throw err;
      return this.fail(job, err, controller.signal.aborted || err instanceof CancelledError);
    } finally {
      this.running.delete(job.id!);
      finish();
    }
  }

  /** Moves the job back to waiting (BullMQ's documented way: moveToWait, then throw WaitingError). */
  private async release(job: OperationJob, token: string | undefined): Promise<never> {
    await job.moveToWait(token);
    this.logger.log({ msg: 'operation state', operationId: job.id, type: job.name, state: OperationState.Pending, reason: 'released: the sidecar is stopping' });
    throw new WaitingError();
  }

  /** Records the failure in the operation's errors (or marks it cancelled) and ends the job. */
  private async fail(job: OperationJob, err: unknown, cancelled: boolean): Promise<never> {
    const message = cancelled ? 'operation was cancelled' : errorMessage(err);
    const errors = cancelled ? job.data.errors : [...job.data.errors, { source: hostname(), message }];
    // Listings tell CANCELLED from FAILED by the cancel request; a run ending cancelled without
    // DELETE (a handler throwing CancelledError on its own) records one too, before the data says so.
    if (cancelled) await this.redis.hsetnx(operationKeys(this.prefix).cancelRequests, job.id!, Date.now());
    await job.updateData({ ...job.data, errors, cancelled, ended: 'failed' });
    throw new UnrecoverableError(message);
  }

  /**
   * A job BullMQ hands out while its run still goes on here: Redis was away longer than the job's
   * lock, so the stalled-job check took it back when Redis returned. Lets that run end (two runs of
   * one operation at once must never happen) and returns the job as that run left it.
   */
  private async afterLostLock(job: OperationJob): Promise<OperationJob> {
    const earlier = this.running.get(job.id!);
    if (!earlier) return job;
    this.logger.warn({ msg: 'operation handed out again while it runs here (its lock expired while Redis was away); waiting for that run', operationId: job.id });
    await earlier.finished;
    return ((await Job.fromId(this.worker!, job.id!)) as OperationJob | undefined) ?? job;
  }

  /** Ends a job whose run already ended (see `ended`) the way that run did, without running it again. */
  private settle(job: OperationJob): null {
    if (job.data.ended === 'completed') return null;
    throw new UnrecoverableError(job.data.cancelled ? 'operation was cancelled' : job.data.errors.map((e) => e.message).join('; '));
  }

  private async cancelRequested(id: string): Promise<boolean> {
    return (await this.redis.hexists(operationKeys(this.prefix).cancelRequests, id)) === 1;
  }

  /** Logs the final state and records the run's duration (as the operation JSON shows it: startTime to completionTime). */
  private finished(job: OperationJob, state: OperationState.Completed | OperationState.Failed | OperationState.Cancelled): void {
    this.logState(job, state);
    if (job.processedOn && job.finishedOn) {
      // Only registered types reach a handler; anything else is one bounded label value.
      const type = this.registry.get(job.name) ? job.name : 'other';
      metrics.operationFinished(type, state as FinalState, (job.finishedOn - job.processedOn) / 1000);
    }
  }

  private logState(job: OperationJob, state: OperationState): void {
    this.logger.log({ msg: 'operation state', operationId: job.id, type: job.name, state });
  }
}
