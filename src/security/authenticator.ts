import type { TLSSocket } from 'node:tls';
import type { BearerTokens } from './bearer-tokens.js';
import { type CertificateRoles, type CertificateSubject, describeSubject } from './certificate-roles.js';
import { EXEMPT_PROBE, OPEN_ACCESS, type Principal } from './principal.js';

export type AuthResult = { ok: true; principal: Principal } | { ok: false; message: string; invalidToken?: boolean };

/** What a request shows of itself to be authenticated. */
export interface Credentials {
  method: string;
  path: string;
  authorization?: string;
  /** The client certificate of an https request; undefined when none was presented. */
  certificate?: { authorized: boolean; error?: string; subject?: CertificateSubject };
}

/** What the TLS socket of a request says of its client certificate (OpenSSL verified it against the client CA). */
export function clientCertificateOf(socket: Partial<TLSSocket>): Credentials['certificate'] {
  if (!socket.encrypted || typeof socket.getPeerCertificate !== 'function') return undefined;
  const peer = socket.getPeerCertificate();
  if (!peer || Object.keys(peer).length === 0) return undefined;
  return {
    authorized: socket.authorized === true,
    error: socket.authorizationError ? String(socket.authorizationError) : undefined,
    subject: peer.subject as unknown as CertificateSubject,
  };
}

const PROBES = new Set(['/health/live', '/health/ready']);

/**
 * Decides who sent a request: a client certificate that chains to the client CA (its role from the
 * mapping), else a valid bearer token (its role from the token file), whichever is configured. A
 * certificate the mapping gives no role lets a token decide when one is presented too. With neither
 * configured everyone passes, as `admin`.
 */
export class Authenticator {
  constructor(
    private readonly tokens: BearerTokens | undefined,
    private readonly certificates: CertificateRoles | undefined,
    private readonly exemptProbes: boolean,
  ) {}

  get enabled(): boolean {
    return this.tokens !== undefined || this.certificates !== undefined;
  }

  get usesTokens(): boolean {
    return this.tokens !== undefined;
  }

  check(request: Credentials): AuthResult {
    if (!this.enabled) return { ok: true, principal: OPEN_ACCESS };
    // Exact paths only: anything else that routes to a probe (case, trailing slash) stays protected.
    if (this.exemptProbes && (request.method === 'GET' || request.method === 'HEAD') && PROBES.has(request.path)) return { ok: true, principal: EXEMPT_PROBE };
    const bearer = /^Bearer +([^ ]+) *$/i.exec(request.authorization ?? '');
    if (this.certificates && request.certificate?.authorized) {
      const subject = request.certificate.subject ?? {};
      const role = this.certificates.roleOf(subject);
      if (role || !(this.tokens && bearer)) return { ok: true, principal: { identity: describeSubject(subject), via: 'certificate', role } };
    }
    if (this.tokens && bearer) {
      const holder = this.tokens.verify(bearer[1]);
      return holder ? { ok: true, principal: { identity: holder.identity, via: 'token', role: holder.role } } : { ok: false, message: 'the bearer token is not valid', invalidToken: true };
    }
    if (this.certificates && request.certificate) {
      return { ok: false, message: `the client certificate was refused (${request.certificate.error ?? 'not trusted'})` };
    }
    const ways = [this.tokens ? 'a bearer token (Authorization: Bearer <token>)' : '', this.certificates ? 'a client certificate' : ''].filter(Boolean);
    return { ok: false, message: `authentication required: present ${ways.join(' or ')}` };
  }
}
