import { lookupService } from 'node:dns/promises';
import { ValidationError } from '../common/errors.js';
import type { EndpointSnitchInfo } from './endpoint-snitch-info.js';
import type { StorageService } from './storage-service.js';

/** One node of the cluster, as Icarus' `/topology` and Esop's topology file list it. */
export interface NodeTopology {
  hostname: string;
  cluster: string;
  dc: string;
  /** The node's real rack (Icarus reported the DC here, a bug this implementation fixes). */
  rack: string;
  nodeId: string;
  ipAddress: string;
}

/** The cluster as one node sees it (Icarus' ClusterTopology). */
export interface ClusterTopology {
  /** Epoch ms when the topology was built. */
  timestamp: number;
  /** Cluster name with whitespace replaced by '-'. */
  clusterName: string;
  schemaVersion: string;
  topology: NodeTopology[];
}

/** Resolves an IP to a host name, or returns the IP (as Java's InetAddress.getHostName does). */
export type ReverseLookup = (ip: string) => Promise<string>;

const REVERSE_LOOKUP_TIMEOUT_MS = 2000;

/** getnameinfo(3), so /etc/hosts counts, bounded so a slow resolver cannot stall `/topology`. */
export const systemReverseLookup: ReverseLookup = async (ip) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(ip), REVERSE_LOOKUP_TIMEOUT_MS)));
  try {
    return await Promise.race([lookupService(ip, 0).then((r) => r.hostname, () => ip), timeout]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * Turns a DC filter (`"dc1,dc2"`, `"dc1 dc2"` or a list) into DC names, as Esop's sanitizeDcs:
 * blanks and commas both separate, empty parts are dropped.
 */
export function parseDcFilter(dcs: string | string[] | undefined): string[] {
  const text = Array.isArray(dcs) ? dcs.join(',') : (dcs ?? '');
  return [...new Set(text.split(/[\s,]+/).filter((dc) => dc.length > 0))];
}

/** Builds Icarus' ClusterTopology from StorageService and the snitch, optionally for some DCs only. */
export class Topology {
  constructor(
    private readonly storageService: StorageService,
    private readonly snitch: EndpointSnitchInfo,
    private readonly reverseLookup: ReverseLookup = systemReverseLookup,
  ) {}

  async get(dcFilter?: string | string[]): Promise<ClusterTopology> {
    const [clusterName, hostIds, schemaVersion] = await Promise.all([
      this.storageService.clusterName(),
      this.storageService.endpointToHostId(),
      this.storageService.schemaVersion(),
    ]);
    const ips = Object.keys(hostIds).sort(compareIps);
    const [locations, hostnames] = await Promise.all([
      this.snitch.locationsOf(ips),
      Promise.all(ips.map((ip) => this.reverseLookup(ip))),
    ]);
    const cluster = clusterName.replace(/\s/g, '-');
    const nodes = ips.map((ip, i) => ({
      hostname: hostnames[i],
      cluster,
      dc: locations[ip].dc,
      rack: locations[ip].rack,
      nodeId: hostIds[ip],
      ipAddress: ip,
    }));
    const wanted = parseDcFilter(dcFilter);
    const existing = [...new Set(nodes.map((n) => n.dc))].sort();
    const unknown = wanted.filter((dc) => !existing.includes(dc));
    if (unknown.length > 0) {
      throw new ValidationError(`Some DCs to filter on do not exist: [${unknown.join(', ')}], existing: ${existing.join(',')}`, [
        { field: 'dc', problem: `unknown data centers: ${unknown.join(', ')}` },
      ]);
    }
    const topology = wanted.length ? nodes.filter((n) => wanted.includes(n.dc)) : nodes;
    return { timestamp: Date.now(), clusterName: cluster, schemaVersion, topology };
  }
}

/** Orders IPv4 addresses numerically (127.0.0.2 before 127.0.0.10), others as text after them. */
function compareIps(a: string, b: string): number {
  const key = (ip: string): string =>
    /^\d+\.\d+\.\d+\.\d+$/.test(ip) ? ip.split('.').map((p) => p.padStart(3, '0')).join('.') : `~${ip}`;
  return key(a).localeCompare(key(b));
}
