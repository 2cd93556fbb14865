import type { SecureContextOptions } from 'node:tls';
import { authEnabled, type SecurityConfig } from '../config/security.config.js';
import { Authenticator } from './authenticator.js';
import { BearerTokens } from './bearer-tokens.js';
import { CertificateRoles } from './certificate-roles.js';
import { PeerCredentials } from './peer-credentials.js';
import { TlsMaterial } from './tls-material.js';

/**
 * The live security state of one sidecar, built from its config: bearer tokens and certificate
 * roles, the server's TLS identity, the authenticator, and what it presents to peers. Files are
 * watched until `close()`.
 */
export class SidecarSecurity {
  readonly authenticator: Authenticator;
  readonly peers: PeerCredentials;

  private constructor(
    readonly config: SecurityConfig,
    readonly tokens: BearerTokens | undefined,
    private readonly certificates: CertificateRoles | undefined,
    readonly serverTls: TlsMaterial | undefined,
    private readonly peerTls: TlsMaterial | undefined,
  ) {
    this.authenticator = new Authenticator(tokens, certificates, config.exemptHealth);
    this.peers = new PeerCredentials(tokens, peerTls, config.allowInsecurePeers);
  }

  static open(config: SecurityConfig, watchIntervalMs?: number): SidecarSecurity {
    const tokens = config.tokenFile ? new BearerTokens(config.tokenFile, watchIntervalMs) : undefined;
    const certificates = config.tls?.clientCaFile ? new CertificateRoles(config.clientRolesFile, watchIntervalMs) : undefined;
    const server = config.tls
      ? new TlsMaterial({ certFile: config.tls.certFile, keyFile: config.tls.keyFile, caFile: config.tls.clientCaFile }, 'server', watchIntervalMs)
      : undefined;
    const { caFile, certFile, keyFile } = config.peer;
    const peer = caFile || certFile ? new TlsMaterial({ caFile, certFile, keyFile }, 'peer client', watchIntervalMs) : undefined;
    return new SidecarSecurity(config, tokens, certificates, server, peer);
  }

  get authEnabled(): boolean {
    return authEnabled(this.config);
  }

  /**
   * Options of the https server; with a client CA it asks every client for a certificate but lets
   * the handshake finish without one, so a request without it gets a JSON 401 (or passes with a token).
   * A handshake must end within `handshakeTimeoutMs` (Node's 120 s would let half-open TLS connections pile up).
   */
  httpsOptions(handshakeTimeoutMs: number): (SecureContextOptions & { requestCert: boolean; rejectUnauthorized: boolean; handshakeTimeout: number }) | undefined {
    if (!this.serverTls) return undefined;
    const clientCerts = this.config.tls?.clientCaFile !== undefined;
    return { ...this.serverTls.options, requestCert: clientCerts, rejectUnauthorized: false, handshakeTimeout: handshakeTimeoutMs };
  }

  close(): void {
    this.tokens?.close();
    this.certificates?.close();
    this.serverTls?.close();
    this.peerTls?.close();
    this.peers.close();
  }
}
