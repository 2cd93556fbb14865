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

  /**
   * A connection for request-driven commands: while Redis is down they fail after a couple of
   * reconnect attempts (the API answers 503) instead of hanging the HTTP request.
   */
  open(name: string): Redis {
    return this.track(openRedis(this.target, { connectionName: name, maxRetriesPerRequest: 2 }));
  }

  /**
   * A connection for health probes: while Redis is away a command fails at once instead of waiting
   * in the offline queue for a reconnect, so a probe never hangs (it keeps reconnecting meanwhile).
   */
  openForProbe(name: string): Redis {
    return this.track(openRedis(this.target, { connectionName: name, enableOfflineQueue: false, maxRetriesPerRequest: 0 }));
  }

  /** A connection for BullMQ workers: blocking commands wait through a Redis restart. */
  openForWorker(name: string): Redis {
    return this.track(openRedis(this.target, { connectionName: name }));
  }

  private track(client: Redis): Redis {
    // ioredis reconnects by itself; without a listener an outage would print unhandled-error noise.
    client.on('error', () => undefined);
    this.opened.push(client);
    return client;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.opened.map((c) => c.quit().catch(() => c.disconnect())));
  }
}
