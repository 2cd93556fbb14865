/** One request of the Jolokia protocol (https://jolokia.org/reference/html/manual/jolokia_protocol.html). */
export type JolokiaRequest =
  | { type: 'read'; mbean: string; attribute?: string | string[]; path?: string }
  | { type: 'write'; mbean: string; attribute: string; value: unknown }
  | { type: 'exec'; mbean: string; operation: string; arguments?: unknown[] }
  | { type: 'search'; mbean: string }
  | { type: 'list'; path?: string }
  | { type: 'version' };

/** One item of a Jolokia answer. HTTP is 200 even when `status` says the request failed. */
export interface JolokiaResponseItem {
  status: number;
  value?: unknown;
  error?: string;
  error_type?: string;
  request?: unknown;
}

/** Per-call knobs. */
export interface JolokiaCallOptions {
  /** Overrides the client's timeout; 0 waits for ever (the caller's `signal` can still stop waiting). */
  timeoutMs?: number;
  /**
   * Stops waiting for the answer (operation cancelled). JMX cannot interrupt an MBean operation,
   * so Cassandra finishes what it started; only the HTTP request is abandoned.
   */
  signal?: AbortSignal;
}

/** Result of one request of a bulk call: its value, or the error Jolokia reported for it. */
export type JolokiaResult = { ok: true; value: unknown } | { ok: false; error: Error };

/**
 * Timeout for MBean operations that run as long as the data they touch (drain, decommission,
 * cleanup, scrub, upgradesstables, import, rebuild, truncate). Jolokia holds the HTTP request
 * open until the operation returns, so an ordinary timeout would cut them off.
 */
export const LONG_OPERATION_TIMEOUT_MS = 48 * 60 * 60 * 1000;
