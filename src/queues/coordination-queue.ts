import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { FlowProducer, Queue } from 'bullmq';
import { QueueName } from './queue-names.js';
import { QUEUE_PREFIX, RedisConnections } from './redis-connections.js';

/**
 * The queue of cluster-wide coordination jobs and the FlowProducer that adds a phase's gate and
 * its node jobs atomically (a gate never exists without its children).
 */
@Injectable()
export class CoordinationQueue implements OnApplicationShutdown {
  readonly queue: Queue;
  readonly flows: FlowProducer;

  constructor(connections: RedisConnections, @Inject(QUEUE_PREFIX) readonly prefix: string) {
    // Nobody listens to this queue's events; BullMQ's default stream of 10 000 entries would hold
    // megabytes (a 50-node phase emits hundreds of events).
    this.queue = new Queue(QueueName.Coordination, { connection: connections.open('icarus-coordination'), prefix, streams: { events: { maxLen: 100 } } });
    this.flows = new FlowProducer({ connection: connections.open('icarus-flows'), prefix });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flows.close();
    await this.queue.close();
  }
}
