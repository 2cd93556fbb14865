import { type DynamicModule, Module } from '@nestjs/common';
import { CoordinationQueue } from './coordination-queue.js';
import { OperationExpiry } from './expiry.js';
import { OperationsQueue } from './operations-queue.js';
import type { RedisTarget } from './redis-connection.js';
import { QUEUE_PREFIX, REDIS_TARGET, RedisConnections } from './redis-connections.js';

/** Redis connections, the operations and coordination queues and their expiry sweep. */
@Module({})
export class QueuesModule {
  static register(target: RedisTarget, prefix: string): DynamicModule {
    return {
      module: QueuesModule,
      global: true,
      providers: [
        { provide: REDIS_TARGET, useValue: target },
        { provide: QUEUE_PREFIX, useValue: prefix },
        RedisConnections,
        OperationsQueue,
        CoordinationQueue,
        OperationExpiry,
      ],
      exports: [RedisConnections, OperationsQueue, CoordinationQueue, QUEUE_PREFIX, OperationExpiry],
    };
  }
}
