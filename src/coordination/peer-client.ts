import { errorMessage } from '../common/errors.js';
import type { OperationError } from '../operations/operation-state.js';

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

/** The peer refused the request (400, 409): sending it again will not help. */
export class PeerRefusedError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const REQUEST_TIMEOUT_MS = 10_000;

/** Talks to another node's sidecar over its REST API, the way an operator would. */
export class PeerClient {
  constructor(private readonly timeoutMs = REQUEST_TIMEOUT_MS) {}

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
    let response: Response;
    try {
      response = await fetch(`${url}${path}`, {
        method,
        headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new PeerUnreachableError(`the sidecar at ${url} does not answer (${cause?.code ?? cause?.message ?? errorMessage(err)})`);
    }
    const text = await response.text().catch(() => '');
    if (response.status >= 500) throw new PeerUnreachableError(`the sidecar at ${url} answered ${response.status}: ${text.slice(0, 200)}`);
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, json, text };
  }
}

function describeRefusal(json: unknown, text: string): string {
  const body = json as { message?: unknown; errors?: Array<{ field?: string; problem?: string }> } | undefined;
  if (typeof body?.message !== 'string') return text.slice(0, 300);
  const fields = (body.errors ?? []).filter((e) => e.field).map((e) => `${e.field}: ${e.problem}`);
  return fields.length && !fields.some((f) => body.message === f) ? `${body.message} (${fields.join('; ')})` : body.message;
}
