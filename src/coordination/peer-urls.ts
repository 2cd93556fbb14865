import { type CoordinationConfig, fillPeerUrlTemplate } from '../config/coordination.config.js';
import type { NodeTopology } from '../cassandra/topology.js';

/**
 * The sidecar URL of a node: from the static map (by host id, then address), else from the
 * template, else Icarus' rule `http://<node address>:<this sidecar's port>`, which assumes every
 * sidecar listens on its node's address and the same port — and, here, speaks the same scheme:
 * a sidecar serving https expects its peers to serve https too.
 */
export function peerUrl(node: NodeTopology, config: CoordinationConfig, port: number, scheme: 'http' | 'https' = 'http'): string {
  const fixed = config.peerUrls[node.nodeId] ?? config.peerUrls[node.ipAddress];
  if (fixed) return fixed;
  const host = node.ipAddress.includes(':') ? `[${node.ipAddress}]` : node.ipAddress;
  if (!config.peerUrlTemplate) return `${scheme}://${host}:${port}`;
  const url = fillPeerUrlTemplate(config.peerUrlTemplate, {
    address: host,
    hostname: node.hostname,
    hostId: node.nodeId,
    dc: node.dc,
    rack: node.rack,
    port: String(port),
  });
  return url.replace(/\/+$/, '');
}
