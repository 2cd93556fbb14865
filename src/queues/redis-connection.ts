import { Redis, type RedisOptions } from 'ioredis';

/** How to reach Redis: a URL (external) or a unix socket (embedded). */
export type RedisTarget = { url: string } | { path: string };

/**
 * Opens an ioredis connection as BullMQ wants it: `maxRetriesPerRequest: null` so blocking worker
 * commands wait through a Redis restart instead of failing the job.
 */
export function openRedis(target: RedisTarget, extra: RedisOptions = {}): Redis {
  const options: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false, ...extra };
  return 'url' in target ? new Redis(target.url, options) : new Redis({ ...options, path: target.path });
}

/** Describes a target for logs without leaking a password that may sit in the URL. */
export function describeRedisTarget(target: RedisTarget): string {
  if ('path' in target) return `unix:${target.path}`;
  try {
    const url = new URL(target.url);
    return `${url.protocol}//${url.hostname}:${url.port || 6379}${url.pathname}`;
  } catch {
    return 'redis';
  }
}

/** One PING without reconnecting: true when a Redis answers at `target` right now. */
export async function pingRedis(target: RedisTarget | { host: string; port: number }): Promise<boolean> {
  const options: RedisOptions = { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null };
  const client = 'url' in target ? new Redis(target.url, options) : new Redis({ ...options, ...target });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
