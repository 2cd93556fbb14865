import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { CancelledError, UnavailableError, UpstreamError, ValidationError } from '../common/errors.js';
import type { JolokiaConfig } from './jolokia.config.js';
import { metrics } from '../metrics/sink.js';
import { JolokiaRequestError } from './jolokia.errors.js';
import { postJson, type HttpReply } from './jolokia.http.js';
import { callLabels, failureOf, requestGroup, tagFailure } from './jolokia.labels.js';
import type { JolokiaCallOptions, JolokiaRequest, JolokiaResponseItem, JolokiaResult } from './jolokia.types.js';

/** Socket-level failures that mean "nobody answered at that address (right now)". */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE',
]);

/** Typed client of a Jolokia JVM agent: bulk POSTs, per-item status checks, timeouts, auth, TLS. */
export class JolokiaClient {
  /** The agent's URL without any credentials; safe for logs and error messages. */
  readonly url: string;
  private readonly target: URL;
  private readonly timeoutMs: number;
  private readonly caFile: string | undefined;
  // A #private field, so util.inspect and loggers never print the credentials.
  readonly #authorization: string | undefined;
  private ca: Promise<Buffer | undefined> | undefined;

  constructor(config: JolokiaConfig) {
    let target: URL;
    try {
      target = new URL(config.url);
    } catch {
      throw ValidationError.forField('jolokia-url', `not a URL: ${config.url}`);
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      throw ValidationError.forField('jolokia-url', `must be http or https: ${config.url}`);
    }
    // Credentials written into the URL are moved to the Authorization header and out of messages.
    const user = config.user ?? (decodeURIComponent(target.username) || undefined);
    const password = config.password ?? decodeURIComponent(target.password);
    target.username = '';
    target.password = '';
    if (!target.pathname.endsWith('/')) target.pathname += '/';
    this.target = target;
    this.url = target.toString();
    this.timeoutMs = config.timeoutMs;
    this.caFile = config.caFile;
    this.#authorization = user ? `Basic ${Buffer.from(`${user}:${password ?? ''}`).toString('base64')}` : undefined;
  }

  /** Sends requests in one POST; each result is the item's value or its own error, in order. */
  async bulk(requests: JolokiaRequest[], options: JolokiaCallOptions = {}): Promise<JolokiaResult[]> {
    const { kind, group } = callLabels(requests);
    const started = performance.now();
    const seconds = (): number => (performance.now() - started) / 1000;
    let items: unknown;
    try {
      items = this.parse(await this.post(requests, options));
      if (!Array.isArray(items) || items.length !== requests.length) {
        throw tagFailure(new UpstreamError(`Jolokia at ${this.url} answered ${requests.length} requests with ${describeShape(items)}`), 'invalid_answer');
      }
    } catch (err) {
      // A cancelled call says nothing about Jolokia's health or speed.
      if (!(err instanceof CancelledError)) metrics.jolokiaCall(kind, group, seconds(), failureOf(err));
      throw err;
    }
    metrics.jolokiaCall(kind, group, seconds(), null);
    return (items as JolokiaResponseItem[]).map((item, i) => {
      if (item?.status === 200) return { ok: true, value: item.value };
      metrics.jolokiaItemError(requests[i].type, requestGroup(requests[i]));
      return { ok: false, error: new JolokiaRequestError(this.url, requests[i], item ?? { status: 0 }) };
    });
  }

  /** Like `bulk`, but throws the first failed item's error. */
  async bulkValues(requests: JolokiaRequest[], options?: JolokiaCallOptions): Promise<unknown[]> {
    const results = await this.bulk(requests, options);
    return results.map((r) => {
      if (!r.ok) throw r.error;
      return r.value;
    });
  }

  /** Reads one attribute of an MBean. */
  async read(mbean: string, attribute: string, options?: JolokiaCallOptions): Promise<unknown> {
    const [value] = await this.bulkValues([{ type: 'read', mbean, attribute }], options);
    return value;
  }

  /** Reads several attributes of an MBean in one request; the answer is keyed by attribute name. */
  async readAttributes(mbean: string, attributes: string[], options?: JolokiaCallOptions): Promise<Record<string, unknown>> {
    const [value] = await this.bulkValues([{ type: 'read', mbean, attribute: attributes }], options);
    return (value ?? {}) as Record<string, unknown>;
  }

  /** Writes one attribute of an MBean. */
  async write(mbean: string, attribute: string, value: unknown, options?: JolokiaCallOptions): Promise<void> {
    await this.bulkValues([{ type: 'write', mbean, attribute, value }], options);
  }

  /**
   * Invokes an MBean operation. Overloaded operations need the full signature, e.g.
   * `forceKeyspaceCleanup(int,java.lang.String,[Ljava.lang.String;)`.
   */
  async exec(mbean: string, operation: string, args: unknown[], options?: JolokiaCallOptions): Promise<unknown> {
    const [value] = await this.bulkValues([{ type: 'exec', mbean, operation, arguments: args }], options);
    return value;
  }

  /** Names of the registered MBeans matching an ObjectName pattern (empty when none). */
  async search(pattern: string, options?: JolokiaCallOptions): Promise<string[]> {
    const [value] = await this.bulkValues([{ type: 'search', mbean: pattern }], options);
    return Array.isArray(value) ? value.map(String) : [];
  }

  private async post(requests: JolokiaRequest[], options: JolokiaCallOptions): Promise<HttpReply> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const timeout = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
    const signals = [timeout, options.signal].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length ? AbortSignal.any(signals) : new AbortController().signal;
    const ca = await this.loadCa();
    try {
      return await postJson(this.target, JSON.stringify(requests), { authorization: this.#authorization, ca, signal });
    } catch (err) {
      if (options.signal?.aborted) throw new CancelledError();
      if (timeout?.aborted) {
        // A timed-out exec may still be running inside Cassandra, so sending it again is not safe.
        throw tagFailure(new UnavailableError(`Jolokia at ${this.url} did not answer within ${timeoutMs} ms`, {
          cause: err,
          retryable: !requests.some((r) => r.type === 'exec'),
        }), 'timeout');
      }
      throw this.transportError(err);
    }
  }

  private transportError(err: unknown): Error {
    const code = (err as NodeJS.ErrnoException).code;
    const detail = err instanceof Error ? err.message : String(err);
    if ((code && UNREACHABLE_CODES.has(code)) || detail === 'socket hang up') {
      return tagFailure(new UnavailableError(`Jolokia at ${this.url} is unreachable: ${detail}`, { cause: err }), 'unreachable');
    }
    // Certificate verification codes (UNABLE_TO_VERIFY_LEAF_SIGNATURE, ...) and TLS protocol errors.
    if (code && /CERT|UNABLE_TO|ERR_TLS|ERR_SSL/.test(code)) {
      return tagFailure(new UnavailableError(`TLS connection to Jolokia at ${this.url} failed: ${detail}`, {
        cause: err,
        retryable: false,
      }), 'tls');
    }
    return tagFailure(new UnavailableError(`Jolokia at ${this.url} failed: ${detail}`, { cause: err }), 'unreachable');
  }

  private parse(reply: HttpReply): unknown {
    if (reply.status === 401 || reply.status === 403) {
      throw tagFailure(new UpstreamError(`Jolokia at ${this.url} rejected the credentials (HTTP ${reply.status})`), 'auth');
    }
    if (reply.status !== 200) {
      throw tagFailure(new UpstreamError(`Jolokia at ${this.url} answered HTTP ${reply.status}: ${reply.body.slice(0, 200)}`), 'http');
    }
    try {
      return JSON.parse(reply.body);
    } catch {
      throw tagFailure(new UpstreamError(`Jolokia at ${this.url} answered with something that is not JSON: ${reply.body.slice(0, 200)}`), 'invalid_answer');
    }
  }

  private loadCa(): Promise<Buffer | undefined> {
    const file = this.caFile;
    this.ca ??= file
      ? readFile(file).catch((err: NodeJS.ErrnoException) => {
          this.ca = undefined;
          throw ValidationError.forField('jolokia-ca', `cannot read ${file} (${err.code ?? err.message})`);
        })
      : Promise.resolve(undefined);
    return this.ca;
  }
}

function describeShape(value: unknown): string {
  if (Array.isArray(value)) return `${value.length} answers`;
  const error = (value as JolokiaResponseItem | null)?.error;
  return error ? `an error: ${error}` : `a ${typeof value}`;
}
