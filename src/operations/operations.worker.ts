import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { UnrecoverableError, Worker } from 'bullmq';
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

/**
 * Runs operation jobs through their handlers, at most `concurrency` at once. Each run gets an
 * AbortSignal that DELETE /operations/{id} triggers.
 */
@Injectable()
export class OperationsWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('operations');
  private readonly running = new Map<string, AbortController>();
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
    this.worker = new Worker(QueueName.Operations, (job: OperationJob) => this.process(job), {
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

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  /** Aborts a run in this process; returns false when it is not running here. */
  abort(id: string): boolean {
    const controller = this.running.get(id);
    controller?.abort(new CancelledError());
    return controller !== undefined;
  }

  private async process(job: OperationJob): Promise<unknown> {
    const registered = this.registry.get(job.name);
    if (!registered) throw new UnrecoverableError(`operation type '${job.name}' is not enabled on this sidecar`);
    const resumed = job.data.runs > 0;
    await job.updateData({ ...job.data, runs: job.data.runs + 1 });
    if (await this.cancelRequested(job.id!)) return this.fail(job, new CancelledError(), true);
    if (resumed && !registered.definition.resumable) return this.fail(job, new Error(RESTART_ERROR), false);

    const controller = new AbortController();
    this.running.set(job.id!, controller);
    const context = new JobOperationContext(job, job.data.request, controller.signal, resumed);
    try {
      const result = await registered.handler.run(context);
      await context.flush();
      if (controller.signal.aborted) return this.fail(job, new CancelledError(), true);
      if (result) await job.updateData({ ...job.data, result, live: undefined });
      if (context.errorCount > 0) throw new UnrecoverableError(job.data.errors.map((e) => e.message).join('; '));
      return null;
    } catch (err) {
      await context.flush();
      if (err instanceof UnrecoverableError) throw err;
      return this.fail(job, err, controller.signal.aborted || err instanceof CancelledError);
    } finally {
      this.running.delete(job.id!);
    }
  }

  /** Records the failure in the operation's errors (or marks it cancelled) and ends the job. */
  private async fail(job: OperationJob, err: unknown, cancelled: boolean): Promise<never> {
    const message = cancelled ? 'operation was cancelled' : errorMessage(err);
    const errors = cancelled ? job.data.errors : [...job.data.errors, { source: hostname(), message }];
    // Listings tell CANCELLED from FAILED by the cancel request; a run ending cancelled without
    // DELETE (a handler throwing CancelledError on its own) records one too, before the data says so.
    if (cancelled) await this.redis.hsetnx(operationKeys(this.prefix).cancelRequests, job.id!, Date.now());
    await job.updateData({ ...job.data, errors, cancelled });
    throw new UnrecoverableError(message);
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
