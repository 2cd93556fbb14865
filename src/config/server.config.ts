import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseListen, type ListenAddress } from './listen.js';
import { type OptionSpec, type ProblemList, type RawValues, parsePositiveInt, readBoolean, readParsed } from './option.js';
import { parseTimeOfSeconds } from './time.js';

/** HTTP server and operations engine settings (Icarus §1.1 flags plus the engine's own). */
export interface ServerConfig {
  listen: ListenAddress;
  /** Finished operations are removed this long after they finish (ms). */
  operationsExpirationMs: number;
  enableTruncate: boolean;
  /** How many operations run at once; the rest stay PENDING. */
  concurrency: number;
  /** Where the sidecar keeps its own state (embedded Redis data). */
  dataDir: string;
}

export const SERVER_OPTIONS = {
  listen: { key: 'listen', flags: '-l, --listen <address>', env: 'ICARUS_LISTEN', default: ':4567',
    description: 'HTTP bind address as [ADDRESS][:PORT]; no address = all interfaces, IPv6 in [..]' },
  expiration: { key: 'operationsExpiration', flags: '-e, --operations-expiration <time>', env: 'ICARUS_OPERATIONS_EXPIRATION',
    default: '1h', description: 'how long finished operations are kept, e.g. 30s, 10m, 1h, 2d' },
  enableTruncate: { key: 'enableTruncate', flags: '--enable-truncate', env: 'ICARUS_ENABLE_TRUNCATE', boolean: true,
    description: 'register the truncate operation type' },
  concurrency: { key: 'concurrency', flags: '--concurrency <n>', env: 'ICARUS_CONCURRENCY', default: '10',
    description: 'operations that may run at the same time; the rest wait PENDING' },
  dataDir: { key: 'dataDir', flags: '--data-dir <dir>', env: 'ICARUS_DATA_DIR', default: join(homedir(), '.icarus'),
    description: 'directory for the sidecar state (embedded Redis data and AOF)' },
} satisfies Record<string, OptionSpec>;

export function readServerConfig(cli: RawValues, env: NodeJS.ProcessEnv, problems: ProblemList): ServerConfig {
  const o = SERVER_OPTIONS;
  return {
    listen: readParsed(o.listen, cli, env, problems, parseListen) ?? { port: 4567 },
    operationsExpirationMs: readParsed(o.expiration, cli, env, problems, parseTimeOfSeconds) ?? 3_600_000,
    enableTruncate: readBoolean(o.enableTruncate, cli, env, problems),
    concurrency: readParsed(o.concurrency, cli, env, problems, parsePositiveInt) ?? 10,
    dataDir: resolve(readParsed(o.dataDir, cli, env, problems, (t) => t) ?? '.icarus'),
  };
}

