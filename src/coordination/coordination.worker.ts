import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { UnrecoverableError, Worker } from 'bullmq';
import { errorMessage } from '../common/errors.js';
import { SidecarConfig } from '../config/sidecar-config.js';
import { OPERATION_WORKER_SETTINGS } from '../queues/job-options.js';
import { QueueName } from '../queues/queue-names.js';
import { QUEUE_PREFIX, RedisConnections } from '../queues/redis-connections.js';
import { ActiveCoordinations } from './active-coordinations.js';
import { type NodeJob, NodeJobRunner } from './node-job.js';
import { type GateJob, PhaseGate } from './phase-gate.js';
import { CoordinationJob } from './phase-flows.js';

/**
 * Runs the coordination queue's jobs: node jobs (mostly waiting on HTTP, so many at once) and
 * phase gates. Same lock and stall settings as operations, so after a crash the next sidecar
 * re-attaches within seconds.
 */
@Injectable()
export class CoordinationWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('coordination');
  private readonly shutdown = new AbortController();
  private worker?: Worker;

  constructor(
    private readonly connections: RedisConnections,
    @Inject(QUEUE_PREFIX) private readonly prefix: string,
    @Inject(SidecarConfig) private readonly config: SidecarConfig,
    @Inject(NodeJobRunner) private readonly nodes: NodeJobRunner,
    @Inject(PhaseGate) private readonly gates: PhaseGate,
    @Inject(ActiveCoordinations) private readonly active: ActiveCoordinations,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker(QueueName.Coordination, (job) => this.process(job), {
      connection: this.connections.openForWorker('icarus-coordination-worker'),
      prefix: this.prefix,
      concurrency: this.config.coordination.concurrency,
      ...OPERATION_WORKER_SETTINGS,
    });
    this.worker.on('error', (err) => this.logger.warn({ msg: 'coordination worker error', error: errorMessage(err) }));
    this.worker.on('failed', (job, err) => this.logger.warn({ msg: 'coordination job failed', jobId: job?.id, error: errorMessage(err) }));
  }

  /**
   * A stopping sidecar first lets the cluster-wide operations it runs finish (the operations worker
   * waits for them, as for any operation), then leaves node jobs still running where they are:
   * the next sidecar re-attaches to them.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.active.idle();
    this.shutdown.abort();
    await this.worker?.close(true);
  }

  private process(job: NodeJob | GateJob): Promise<unknown> {
    switch (job.name) {
      case CoordinationJob.Node:
        return this.nodes.run(job as NodeJob, this.shutdown.signal);
      case CoordinationJob.Gate:
        return this.gates.run(job as GateJob);
      default:
        throw new UnrecoverableError(`unknown coordination job '${job.name}'`);
    }
  }
}
