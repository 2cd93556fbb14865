import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { OPERATION_JOB_OPTIONS } from './job-options.js';
import { QueueName } from './queue-names.js';
import { QUEUE_PREFIX, RedisConnections } from './redis-connections.js';

/** The BullMQ queue holding every operation of this sidecar. */
@Injectable()
export class OperationsQueue implements OnApplicationShutdown {
  readonly queue: Queue;

  constructor(connections: RedisConnections, @Inject(QUEUE_PREFIX) readonly prefix: string) {
    this.queue = new Queue(QueueName.Operations, {
      connection: connections.open('icarus-queue'),
      prefix,
      defaultJobOptions: OPERATION_JOB_OPTIONS,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
