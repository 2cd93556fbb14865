import type { LoggerService } from '@nestjs/common';
import type { SidecarConfig } from '../../config/sidecar-config.js';
import type { SidecarSecurity } from '../../security/sidecar-security.js';

/** What an operator must know about how this sidecar was started: said once in the log, at start. */
export function warnAtStart(logger: LoggerService, config: SidecarConfig, security: SidecarSecurity, address: string, port: number): void {
  if (!security.authEnabled && !isLoopback(address)) {
    logger.warn?.({ msg: 'listening beyond loopback without authentication: anyone who reaches this port can drain, decommission or restore ' +
      'this node; set --auth-token-file and/or --tls-client-ca (see README, Security)', address, port });
  }
  const peerToken = security.tokens?.peerToken !== undefined;
  if (peerToken && plainHttpPeers(config)) {
    logger.warn?.(config.security.allowInsecurePeers
      ? { msg: '--allow-insecure-peers: cluster-wide operations send this sidecar\'s bearer token to peer sidecars over plain http, where anyone on the path can read and replay it' }
      : { msg: 'cluster-wide operations are refused: they would send this sidecar\'s bearer token to peer sidecars over plain http; ' +
          'serve HTTPS (--tls-cert, --tls-key) or give https peer URLs, or accept the risk with --allow-insecure-peers' });
  }
  if (peerToken && security.tokens?.peerRole !== 'admin') {
    logger.warn?.({ msg: 'the first token of the token file (the one presented to peer sidecars) is not admin: peers refuse the cluster-wide ' +
      'restores it coordinates; give that line the admin role on every sidecar', role: security.tokens?.peerRole });
  }
}

/** Whether some peer is called over plain http: Icarus' rule with an http server, an http template, or an http URL in --peer-urls. */
function plainHttpPeers(config: SidecarConfig): boolean {
  const { peerUrlTemplate, peerUrls } = config.coordination;
  const templateIsHttp = peerUrlTemplate ? peerUrlTemplate.startsWith('http:') : !config.security.tls;
  return templateIsHttp || Object.values(peerUrls).some((url) => url.startsWith('http:'));
}

/** 127.0.0.0/8 and ::1 (also IPv4-mapped); the wildcard addresses are every interface. */
export function isLoopback(address: string): boolean {
  return /^(::ffff:)?127\./.test(address) || address === '::1';
}
