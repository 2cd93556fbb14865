import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { openRedis, type RedisTarget } from './redis-connection.js';

export const REDIS_TARGET = Symbol('REDIS_TARGET');
export const QUEUE_PREFIX = Symbol('QUEUE_PREFIX');

/** Hands out Redis connections and closes them all when the app stops. */
@Injectable()
export class RedisConnections implements OnApplicationShutdown {
  private readonly opened: Redis[] = [];

  constructor(@Inject(REDIS_TARGET) private readonly target: RedisTarget) {}

  open(name: string): Redis {
    const client = openRedis(this.target, { connectionName: name });
    // ioredis reconnects by itself; without a listener an outage would print unhandled-error noise.
    client.on('error', () => undefined);
    this.opened.push(client);
    return client;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.opened.map((c) => c.quit().catch(() => c.disconnect())));
  }
}
