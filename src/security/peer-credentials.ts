import http from 'node:http';
import https from 'node:https';
import type { BearerTokens } from './bearer-tokens.js';
import type { TlsMaterial } from './tls-material.js';

/** Keep-alive like Node's global agent, closing idle sockets before a Node peer (5 s keep-alive) does. */
const AGENT_OPTIONS = { keepAlive: true, scheduling: 'lifo' as const, timeout: 4_000 };

/**
 * What this sidecar presents when it calls another sidecar: the first bearer token of its token
 * file, and over https its client certificate, trusting the peer CA. Both follow their files: a
 * rotated token or certificate is used from the next call on. The token never crosses plain http
 * unless the operator allowed it (`--allow-insecure-peers`): anyone on the path could replay it.
 */
export class PeerCredentials {
  private readonly httpAgent = new http.Agent(AGENT_OPTIONS);
  private httpsAgent: https.Agent;

  constructor(
    private readonly tokens?: BearerTokens,
    private readonly tls?: TlsMaterial,
    private readonly allowInsecure = false,
  ) {
    this.httpsAgent = this.makeHttpsAgent();
    // Sockets of the old agent finish their requests and close when idle; new calls use the new files.
    tls?.onReload(() => (this.httpsAgent = this.makeHttpsAgent()));
  }

  /** Value of the Authorization header for peer calls; undefined without a token file. */
  authorization(): string | undefined {
    const token = this.tokens?.peerToken;
    return token ? `Bearer ${token}` : undefined;
  }

  /**
   * Why this sidecar must not call `url`, or undefined when it may: the one rule of where the token
   * may go, applied both when a cluster-wide operation is submitted and before every peer call.
   */
  refusalFor(url: string | URL): string | undefined {
    const target = typeof url === 'string' ? new URL(url) : url;
    if (target.protocol !== 'http:' || !this.tokens?.peerToken || this.allowInsecure) return undefined;
    return `this sidecar would send its bearer token to the peer sidecar at ${target.origin} over plain http; ` +
      'serve HTTPS (--tls-cert, --tls-key; peers are then called over https) or use https peer URLs, or accept the risk with --allow-insecure-peers';
  }

  agentFor(url: URL): http.Agent {
    return url.protocol === 'https:' ? this.httpsAgent : this.httpAgent;
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private makeHttpsAgent(): https.Agent {
    const { ca, cert, key } = this.tls?.options ?? {};
    return new https.Agent({ ...AGENT_OPTIONS, ca, cert, key });
  }
}
