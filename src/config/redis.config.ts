import { parseSize } from './http.config.js';
import { type OptionSpec, type ProblemList, type RawValues, readParsed } from './option.js';

/** Where operations are persisted. No URL = the sidecar starts its own redis-server. */
export interface RedisConfig {
  /** redis:// or rediss:// URL; undefined = embedded Redis. May hold a password: sensitive. */
  url?: string;
  /** Prefix of every BullMQ key, so several sidecars can share one Redis. */
  queuePrefix: string;
  /** redis-server executable used for the embedded Redis. */
  serverBinary: string;
  /** `maxmemory` of the embedded Redis (bytes); writes past it fail (503), nothing is evicted. */
  maxMemoryBytes: number;
}

export const DEFAULT_REDIS_MAXMEMORY = 256 * 1024 * 1024;

export const REDIS_OPTIONS = {
  url: { key: 'redisUrl', flags: '--redis-url <url>', env: 'REDIS_URL', sensitive: true,
    description: 'Redis that stores operations (redis://[:password@]host:port/db); default: start an embedded redis-server' },
  prefix: { key: 'queuePrefix', flags: '--queue-prefix <prefix>', env: 'ICARUS_QUEUE_PREFIX', default: 'icarus',
    description: 'prefix of the BullMQ keys; give each sidecar its own when they share one Redis' },
  binary: { key: 'redisServer', flags: '--redis-server <path>', env: 'ICARUS_REDIS_SERVER', default: 'redis-server',
    description: 'redis-server executable for the embedded Redis' },
  maxMemory: { key: 'redisMaxmemory', flags: '--redis-maxmemory <size>', env: 'ICARUS_REDIS_MAXMEMORY', default: '256MiB',
    description: 'memory the embedded Redis may use; past it submissions get 503 and nothing is evicted (noeviction)' },
} satisfies Record<string, OptionSpec>;

export function readRedisConfig(cli: RawValues, env: NodeJS.ProcessEnv, problems: ProblemList): RedisConfig {
  const o = REDIS_OPTIONS;
  return {
    url: readParsed(o.url, cli, env, problems, parseRedisUrl),
    queuePrefix: readParsed(o.prefix, cli, env, problems, parsePrefix) ?? 'icarus',
    serverBinary: readParsed(o.binary, cli, env, problems, (t) => t) ?? 'redis-server',
    maxMemoryBytes: readParsed(o.maxMemory, cli, env, problems, parseMaxMemory) ?? DEFAULT_REDIS_MAXMEMORY,
  };
}

function parseRedisUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error('is not a URL like redis://host:6379');
  }
  if (!['redis:', 'rediss:'].includes(url.protocol)) throw new Error('must start with redis:// or rediss://');
  return text;
}

/** Redis itself needs about 1 MiB before any operation is stored. */
function parseMaxMemory(text: string): number {
  const bytes = parseSize(text);
  if (bytes < 2 * 1024 * 1024) throw new Error('must be at least 2MiB');
  return bytes;
}

function parsePrefix(text: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(text)) throw new Error(`'${text}' may only hold letters, digits, '_', '.', '-'`);
  return text;
}
