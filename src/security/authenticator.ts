import type { TLSSocket } from 'node:tls';
import type { BearerTokens } from './bearer-tokens.js';

export type AuthResult = { ok: true } | { ok: false; message: string; invalidToken?: boolean };

/** What a request shows of itself to be authenticated. */
export interface Credentials {
  method: string;
  path: string;
  authorization?: string;
  /** The client certificate of an https request; undefined when none was presented. */
  certificate?: { authorized: boolean; error?: string };
}

/** What the TLS socket of a request says of its client certificate (OpenSSL verified it against the client CA). */
export function clientCertificateOf(socket: Partial<TLSSocket>): Credentials['certificate'] {
  if (!socket.encrypted || typeof socket.getPeerCertificate !== 'function') return undefined;
  const peer = socket.getPeerCertificate();
  if (!peer || Object.keys(peer).length === 0) return undefined;
  return { authorized: socket.authorized === true, error: socket.authorizationError ? String(socket.authorizationError) : undefined };
}

const PROBES = new Set(['/health/live', '/health/ready']);

/**
 * Decides whether a request may proceed: a valid bearer token, or a client certificate that
 * chains to the client CA, whichever is configured. With neither configured everything passes.
 */
export class Authenticator {
  constructor(
    private readonly tokens: BearerTokens | undefined,
    private readonly clientCertificates: boolean,
    private readonly exemptProbes: boolean,
  ) {}

  get enabled(): boolean {
    return this.tokens !== undefined || this.clientCertificates;
  }

  get usesTokens(): boolean {
    return this.tokens !== undefined;
  }

  check(request: Credentials): AuthResult {
    if (!this.enabled) return { ok: true };
    // Exact paths only: anything else that routes to a probe (case, trailing slash) stays protected.
    if (this.exemptProbes && (request.method === 'GET' || request.method === 'HEAD') && PROBES.has(request.path)) return { ok: true };
    if (this.clientCertificates && request.certificate?.authorized) return { ok: true };
    const bearer = /^Bearer +([^ ]+) *$/i.exec(request.authorization ?? '');
    if (this.tokens && bearer) {
      return this.tokens.verify(bearer[1]) ? { ok: true } : { ok: false, message: 'the bearer token is not valid', invalidToken: true };
    }
    if (this.clientCertificates && request.certificate) {
      return { ok: false, message: `the client certificate was refused (${request.certificate.error ?? 'not trusted'})` };
    }
    const ways = [this.tokens ? 'a bearer token (Authorization: Bearer <token>)' : '', this.clientCertificates ? 'a client certificate' : ''].filter(Boolean);
    return { ok: false, message: `authentication required: present ${ways.join(' or ')}` };
  }
}
