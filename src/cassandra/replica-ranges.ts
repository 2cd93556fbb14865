import { checkSSTableOperationStatus } from './compaction-result.js';
import type { JolokiaClient } from './jolokia.client.js';
import { LONG_OPERATION_TIMEOUT_MS, type JolokiaCallOptions } from './jolokia.types.js';
import { asString, asStringRecord } from './jolokia.values.js';
import { endpointHost, MBeans } from './mbeans.js';
import { validateKeyspaceName, validateTableNames } from './names.js';

/** A token range `(start, end]` of the ring, decimal Murmur3 tokens; `start >= end` wraps around. */
export interface TokenRange {
  start: string;
  end: string;
}

const MBEAN = MBeans.storageService;
const VERIFY = 'verify(boolean,boolean,boolean,boolean,boolean,boolean,java.lang.String,[Ljava.lang.String;)';

/**
 * Ring questions about this node and SSTable verification, on `StorageService`: which token ranges
 * of a keyspace the node holds a replica of (what its SSTables, and so its backup, cover), and
 * Cassandra's own `verify` of a table's SSTables (nodetool verify).
 */
export class ReplicaRanges {
  constructor(private readonly jolokia: JolokiaClient) {}

  /** The ranges of `keyspace` this node replicates (getRangeToEndpointWithPortMap), sorted by start. */
  async ofThisNode(keyspace: string): Promise<TokenRange[]> {
    const hostId = asString(await this.jolokia.read(MBEAN, 'LocalHostId'), 'LocalHostId');
    const endpoints = asStringRecord(await this.jolokia.read(MBEAN, 'HostIdToEndpointWithPort'), 'HostIdToEndpointWithPort');
    const self = endpoints[hostId];
    if (!self) throw new Error(`this node (${hostId}) is not in the ring's host id map`);
    const map = await this.jolokia.exec(MBEAN, 'getRangeToEndpointWithPortMap', [validateKeyspaceName(keyspace)]);
    return replicaRangesIn(map, endpointHost(self));
  }

  /**
   * Cassandra's SSTable verification of tables (checksums, and with `extended` every partition);
   * throws when it finds a corrupt SSTable. Does not mark anything repaired or stop the node.
   */
  async verify(keyspace: string, tables: string[], extended: boolean, options: JolokiaCallOptions = {}): Promise<void> {
    // extendedVerify, checkVersion, diskFailurePolicy, mutateRepairStatus, checkOwnsTokens, quick
    const args = [extended, false, false, false, false, false, validateKeyspaceName(keyspace), validateTableNames(tables)];
    const status = await this.jolokia.exec(MBEAN, VERIFY, args, { timeoutMs: LONG_OPERATION_TIMEOUT_MS, ...options });
    checkSSTableOperationStatus('verify', keyspace, status);
  }
}

/** Ranges of a `{"[start, end]": [endpoint…]}` map that list `host` among their replicas. */
export function replicaRangesIn(map: unknown, host: string): TokenRange[] {
  if (typeof map !== 'object' || map === null) throw new Error('getRangeToEndpointWithPortMap answered no map');
  const out: TokenRange[] = [];
  for (const [range, replicas] of Object.entries(map as Record<string, unknown>)) {
    const m = /^\[\s*(-?\d+)\s*,\s*(-?\d+)\s*\]$/.exec(range);
    if (!m || !Array.isArray(replicas)) throw new Error(`unexpected range entry ${range}`);
    if (replicas.some((r) => typeof r === 'string' && endpointHost(r) === host)) out.push({ start: m[1], end: m[2] });
  }
  return out.sort((a, b) => (BigInt(a.start) < BigInt(b.start) ? -1 : 1));
}
