import http from 'node:http';
import https from 'node:https';
import { errorMessage } from '../common/errors.js';
import type { OperationError } from '../operations/operation-state.js';
import { PeerCredentials } from '../security/peer-credentials.js';

/** The operation JSON a peer sidecar answers (Icarus' fields plus byte counts). */
export interface RemoteOperation {
  id: string;
  type: string;
  state: 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
  errors: OperationError[];
  progress: number;
  creationTime: string;
  startTime?: string;
  completionTime?: string;
  bytesTotal?: number;
  bytesTransferred?: number;
  etaSeconds?: number;
  [field: string]: unknown;
}

/** The peer did not answer, or answered 5xx: it may come back. */
export class PeerUnreachableError extends Error {}

/** The peer refused the request (400, 409), or this sidecar refused to send it (status 0): sending it again will not help. */
export class PeerRefusedError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Talks to another node's sidecar over its REST API, the way an operator would, presenting this
 * sidecar's bearer token and (over https) its client certificate.
 */
export class PeerClient {
  constructor(
    private readonly credentials = new PeerCredentials(),
    private readonly timeoutMs = REQUEST_TIMEOUT_MS,
  ) {}

  /** POST /operations; the new operation (201). */
  async submit(url: string, request: Record<string, unknown>): Promise<RemoteOperation> {
    const reply = await this.call(url, 'POST', '/operations', request);
    if (reply.status === 201) return reply.json as RemoteOperation;
    throw new PeerRefusedError(reply.status, `the sidecar at ${url} refused the request (${reply.status}): ${describeRefusal(reply.json, reply.text)}`);
  }

  /** GET /operations/{id}; null when the peer does not know it (404). */
  async get(url: string, id: string): Promise<RemoteOperation | null> {
    const reply = await this.call(url, 'GET', `/operations/${id}`);
    if (reply.status === 404) return null;
    if (reply.status === 200) return reply.json as RemoteOperation;
    throw new PeerUnreachableError(`the sidecar at ${url} answered ${reply.status} for operation ${id}`);
  }

  /** The peer's operations of one type, newest first. */
  async list(url: string, type: string): Promise<RemoteOperation[]> {
    const reply = await this.call(url, 'GET', `/operations?type=${encodeURIComponent(type)}`);
    if (reply.status === 200 && Array.isArray(reply.json)) return reply.json as RemoteOperation[];
    throw new PeerUnreachableError(`the sidecar at ${url} answered ${reply.status} listing operations`);
  }

  /** DELETE /operations/{id}; an operation already gone is fine. */
  async cancel(url: string, id: string): Promise<void> {
    const reply = await this.call(url, 'DELETE', `/operations/${id}`);
    if (reply.status !== 202 && reply.status !== 404) throw new PeerUnreachableError(`the sidecar at ${url} answered ${reply.status} to cancel ${id}`);
  }

  /** Undefined when the sidecar answers (GET /version/sidecar needs neither Jolokia nor Redis), else why not. */
  async probe(url: string): Promise<string | undefined> {
    try {
      const reply = await this.call(url, 'GET', '/version/sidecar');
      return reply.status === 200 ? undefined : `it answered ${reply.status}`;
    } catch (err) {
      return errorMessage(err);
    }
  }

  private async call(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown; text: string }> {
    const refusal = this.credentials.refusalFor(url);
    if (refusal) throw new PeerRefusedError(0, refusal);
    let reply: { status: number; text: string };
    try {
      reply = await this.send(new URL(`${url}${path}`), method, body === undefined ? undefined : JSON.stringify(body));
    } catch (err) {
      const e = err as { code?: string; cause?: { code?: string } };
      throw new PeerUnreachableError(`the sidecar at ${url} does not answer (${e.code ?? e.cause?.code ?? errorMessage(err)})`);
    }
    const { status, text } = reply;
    // 429: a limit of the peer (POSTs per client, pending operations) that lifts with time, like a 5xx.
    if (status >= 500 || status === 429) throw new PeerUnreachableError(`the sidecar at ${url} answered ${status}: ${text.slice(0, 200)}`);
    if (status === 401) throw new PeerRefusedError(status, `the sidecar at ${url} refused this sidecar's credentials (401): ${describeRefusal(parse(text), text)}`);
    return { status, json: parse(text), text };
  }

  /** node:http(s) rather than fetch: a client certificate and a private CA need an agent fetch cannot take. */
  private send(url: URL, method: string, body?: string): Promise<{ status: number; text: string }> {
    const headers: http.OutgoingHttpHeaders = { accept: 'application/json' };
    if (body !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    const authorization = this.credentials.authorization();
    if (authorization) headers.authorization = authorization;
    const options = { method, headers, agent: this.credentials.agentFor(url), signal: AbortSignal.timeout(this.timeoutMs) };
    return new Promise((resolve, reject) => {
      const onResponse = (res: http.IncomingMessage): void => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      };
      const req = url.protocol === 'https:' ? https.request(url, options, onResponse) : http.request(url, options, onResponse);
      req.on('error', reject);
      req.end(body);
    });
  }
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function describeRefusal(json: unknown, text: string): string {
  const body = json as { message?: unknown; errors?: Array<{ field?: string; problem?: string }> } | undefined;
  if (typeof body?.message !== 'string') return text.slice(0, 300);
  const fields = (body.errors ?? []).filter((e) => e.field).map((e) => `${e.field}: ${e.problem}`);
  return fields.length && !fields.some((f) => body.message === f) ? `${body.message} (${fields.join('; ')})` : body.message;
}
