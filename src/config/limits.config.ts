import { type OptionSpec, type ProblemList, type RawValues, parsePositiveInt, readParsed } from './option.js';
import { parseTimeOfSeconds } from './time.js';

/**
 * What one client may make the sidecar hold: connections and how long a request may take to
 * arrive, POSTs per client, operations waiting per type and operations kept in Redis.
 */
export interface LimitsConfig {
  /** Open connections at once; more are closed as they arrive. */
  maxConnections: number;
  /** A request's headers must arrive within this (ms); the connection is closed otherwise. */
  headersTimeoutMs: number;
  /** A whole request (headers and body) must arrive within this (ms). */
  requestTimeoutMs: number;
  /** Sustained POSTs per second per client (credential, else address); 0 = no limit. */
  postRatePerSecond: number;
  /** POSTs a client may send at once before the sustained rate applies. */
  postBurst: number;
  /** PENDING operations of one type; a submission past it gets 429. */
  maxPendingPerType: number;
  /** Operations kept (finished ones until they expire); a submission past it gets 429. */
  maxRetainedOperations: number;
}

export const DEFAULT_LIMITS: LimitsConfig = {
  maxConnections: 1000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  postRatePerSecond: 10,
  postBurst: 50,
  maxPendingPerType: 100,
  maxRetainedOperations: 20_000,
};

export const LIMITS_OPTIONS = {
  maxConnections: { key: 'maxConnections', flags: '--max-connections <n>', env: 'ICARUS_MAX_CONNECTIONS', default: '1000',
    description: 'open HTTP connections at once; connections beyond it are closed as they arrive' },
  headersTimeout: { key: 'headersTimeout', flags: '--headers-timeout <time>', env: 'ICARUS_HEADERS_TIMEOUT', default: '10s',
    description: 'a request\'s headers (and a TLS handshake) must arrive within this, else the connection is closed' },
  requestTimeout: { key: 'requestTimeout', flags: '--request-timeout <time>', env: 'ICARUS_REQUEST_TIMEOUT', default: '30s',
    description: 'a whole request, body included, must arrive within this, else it is answered 408 and closed' },
  postRate: { key: 'postRateLimit', flags: '--post-rate-limit <n>', env: 'ICARUS_POST_RATE_LIMIT', default: '10',
    description: 'POSTs per second one client (its credential, else its address) may send on average; 429 with Retry-After beyond; 0 = no limit' },
  postBurst: { key: 'postBurst', flags: '--post-burst <n>', env: 'ICARUS_POST_BURST', default: '50',
    description: 'POSTs one client may send at once before --post-rate-limit applies' },
  maxPending: { key: 'maxPendingPerType', flags: '--max-pending-per-type <n>', env: 'ICARUS_MAX_PENDING_PER_TYPE', default: '100',
    description: 'PENDING operations of one type; a submission beyond it gets 429 with Retry-After' },
  maxRetained: { key: 'maxRetainedOperations', flags: '--max-retained-operations <n>', env: 'ICARUS_MAX_RETAINED_OPERATIONS', default: '20000',
    description: 'operations kept in Redis (finished ones until --operations-expiration removes them); a submission beyond it gets 429 with Retry-After' },
} satisfies Record<string, OptionSpec>;

export function readLimitsConfig(cli: RawValues, env: NodeJS.ProcessEnv, problems: ProblemList): LimitsConfig {
  const o = LIMITS_OPTIONS;
  const d = DEFAULT_LIMITS;
  const limits: LimitsConfig = {
    maxConnections: readParsed(o.maxConnections, cli, env, problems, parsePositiveInt) ?? d.maxConnections,
    headersTimeoutMs: readParsed(o.headersTimeout, cli, env, problems, parseTimeOfSeconds) ?? d.headersTimeoutMs,
    requestTimeoutMs: readParsed(o.requestTimeout, cli, env, problems, parseTimeOfSeconds) ?? d.requestTimeoutMs,
    postRatePerSecond: readParsed(o.postRate, cli, env, problems, parseCount) ?? d.postRatePerSecond,
    postBurst: readParsed(o.postBurst, cli, env, problems, parsePositiveInt) ?? d.postBurst,
    maxPendingPerType: readParsed(o.maxPending, cli, env, problems, parsePositiveInt) ?? d.maxPendingPerType,
    maxRetainedOperations: readParsed(o.maxRetained, cli, env, problems, parsePositiveInt) ?? d.maxRetainedOperations,
  };
  // Node refuses a headers timeout longer than the request timeout (the request would expire first).
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) problems.add(o.headersTimeout, 'must not be longer than --request-timeout');
  return limits;
}


function parseCount(text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new Error(`'${text}' is not a whole number (0 = no limit)`);
  return Number(text);
}
