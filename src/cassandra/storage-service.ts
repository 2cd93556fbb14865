import { parseCassandraVersion, type CassandraVersion } from './cassandra-version.js';
import { checkSSTableOperationStatus } from './compaction-result.js';
import type { JolokiaClient } from './jolokia.client.js';
import { LONG_OPERATION_TIMEOUT_MS, type JolokiaCallOptions } from './jolokia.types.js';
import { asBoolean, asNumber, asString, asStringArray, asStringRecord } from './jolokia.values.js';
import { endpointHost, MBeans } from './mbeans.js';
import { validateJobs, validateKeyspaceName, validateTableName, validateTableNames } from './names.js';

/** StorageService.getOperationMode() values (Cassandra 5.0 `StorageService.Mode`). */
export type OperationMode =
  | 'STARTING' | 'NORMAL' | 'JOINING' | 'JOINING_FAILED' | 'LEAVING' | 'DECOMMISSIONED'
  | 'DECOMMISSION_FAILED' | 'MOVING' | 'DRAINING' | 'DRAINED';

/** Who the node sees in which state; addresses without the storage port. */
export interface RingMembership {
  live: string[];
  unreachable: string[];
  joining: string[];
  leaving: string[];
  moving: string[];
}

/** Arguments of `scrub` (nodetool scrub flags). */
export interface ScrubOptions {
  disableSnapshot: boolean;
  skipCorrupted: boolean;
  /** False for nodetool's `--no-validate`. */
  checkData: boolean;
  reinsertOverflowedTTL: boolean;
  /** Parallel jobs; 0 = all compaction threads. */
  jobs: number;
}

/** Arguments of `upgradeSSTables` (nodetool upgradesstables). */
export interface UpgradeSSTablesOptions {
  /** True rewrites only SSTables not already in the current format (nodetool without `-a`). */
  excludeCurrentVersion: boolean;
  jobs: number;
  /** Only rewrite SSTables whose max timestamp is below this (decimal string of a Java long). */
  maxSSTableTimestamp?: string;
}

/** Arguments of `rebuild` (nodetool rebuild); absent/empty means Cassandra's default. */
export interface RebuildOptions {
  sourceDC?: string;
  keyspace?: string;
  /** Token ranges to stream, each `(start, end]`. */
  specificTokens?: { start: string; end: string }[];
  /** Addresses of the only nodes to stream from. */
  specificSources?: string[];
  /** Cassandra 5.0 only: never stream from nodes in the local DC. */
  excludeLocalDatacenterNodes?: boolean;
}

const SIG = {
  flush: 'forceKeyspaceFlush(java.lang.String,[Ljava.lang.String;)',
  cleanup: 'forceKeyspaceCleanup(int,java.lang.String,[Ljava.lang.String;)',
  scrub: 'scrub(boolean,boolean,boolean,boolean,int,java.lang.String,[Ljava.lang.String;)',
  upgrade: 'upgradeSSTables(java.lang.String,boolean,int,[Ljava.lang.String;)',
  upgradeBefore: 'upgradeSSTables(java.lang.String,boolean,long,int,[Ljava.lang.String;)',
  rebuild: 'rebuild(java.lang.String,java.lang.String,java.lang.String,java.lang.String)',
  rebuildExcludeLocal: 'rebuild(java.lang.String,java.lang.String,java.lang.String,java.lang.String,boolean)',
} as const;

const LONG: JolokiaCallOptions = { timeoutMs: LONG_OPERATION_TIMEOUT_MS };
const MBEAN = MBeans.storageService;

/** Facade of `org.apache.cassandra.db:type=StorageService` (Cassandra 4.0-5.0 signatures). */
export class StorageService {
  private version: Promise<CassandraVersion> | undefined;

  constructor(private readonly jolokia: JolokiaClient) {}

  async clusterName(): Promise<string> {
    return asString(await this.jolokia.read(MBEAN, 'ClusterName'), 'ClusterName');
  }

  async releaseVersion(): Promise<string> {
    return asString(await this.jolokia.read(MBEAN, 'ReleaseVersion'), 'ReleaseVersion');
  }

  /** Parsed release version; cached, since a node's version only changes with a restart of the sidecar's target. */
  cassandraVersion(): Promise<CassandraVersion> {
    this.version ??= this.releaseVersion().then(parseCassandraVersion);
    this.version.catch(() => (this.version = undefined));
    return this.version;
  }

  async schemaVersion(): Promise<string> {
    return asString(await this.jolokia.read(MBEAN, 'SchemaVersion'), 'SchemaVersion');
  }

  async operationMode(options?: JolokiaCallOptions): Promise<OperationMode> {
    return asString(await this.jolokia.read(MBEAN, 'OperationMode', options), 'OperationMode') as OperationMode;
  }

  async localHostId(): Promise<string> {
    return asString(await this.jolokia.read(MBEAN, 'LocalHostId'), 'LocalHostId');
  }

  async nativeTransportRunning(): Promise<boolean> {
    return asBoolean(await this.jolokia.read(MBEAN, 'NativeTransportRunning'), 'NativeTransportRunning');
  }

  /** Host ID of every node in the ring, keyed by IP address (no port). */
  async endpointToHostId(): Promise<Record<string, string>> {
    const withPort = (await this.cassandraVersion()).major >= 4;
    const attribute = withPort ? 'EndpointWithPortToHostId' : 'EndpointToHostId';
    const map = asStringRecord(await this.jolokia.read(MBEAN, attribute), attribute);
    return Object.fromEntries(Object.entries(map).map(([endpoint, id]) => [endpointHost(endpoint), id]));
  }

  /** Live/unreachable/joining/leaving/moving nodes, read in one request. */
  async membership(): Promise<RingMembership> {
    const names = ['Live', 'Unreachable', 'Joining', 'Leaving', 'Moving'].map((s) => `${s}NodesWithPort`);
    const values = await this.jolokia.readAttributes(MBEAN, names);
    const [live, unreachable, joining, leaving, moving] = names.map((n) =>
      asStringArray(values[n], n).map(endpointHost),
    );
    return { live, unreachable, joining, leaving, moving };
  }

  /** Data directories (`data_file_directories`), where keyspace/table SSTable folders live. */
  async allDataFileLocations(): Promise<string[]> {
    return asStringArray(await this.jolokia.read(MBEAN, 'AllDataFileLocations'), 'AllDataFileLocations');
  }

  /** This node's tokens, as decimal strings. */
  async tokens(): Promise<string[]> {
    return asStringArray(await this.jolokia.read(MBEAN, 'Tokens'), 'Tokens');
  }

  /** `commitlog_directory`. */
  async commitLogLocation(): Promise<string> {
    return asString(await this.jolokia.read(MBEAN, 'CommitLogLocation'), 'CommitLogLocation');
  }

  /** `saved_caches_directory`. */
  async savedCachesLocation(): Promise<string> {
    return asString(await this.jolokia.read(MBEAN, 'SavedCachesLocation'), 'SavedCachesLocation');
  }

  /** All keyspaces, system ones included. */
  async keyspaces(): Promise<string[]> {
    return asStringArray(await this.jolokia.read(MBEAN, 'Keyspaces'), 'Keyspaces');
  }

  async nonSystemKeyspaces(): Promise<string[]> {
    return asStringArray(await this.jolokia.read(MBEAN, 'NonSystemKeyspaces'), 'NonSystemKeyspaces');
  }

  /** `concurrent_compactors`: how many threads `jobs = 0` means. */
  async concurrentCompactors(): Promise<number> {
    return asNumber(await this.jolokia.read(MBEAN, 'ConcurrentCompactors'), 'ConcurrentCompactors');
  }

  /** Flushes memtables of the keyspace (all tables when `tables` is empty) to SSTables. */
  async forceKeyspaceFlush(keyspace: string, tables: string[] = [], options: JolokiaCallOptions = {}): Promise<void> {
    const args = [validateKeyspaceName(keyspace), validateTableNames(tables)];
    await this.jolokia.exec(MBEAN, SIG.flush, args, { ...LONG, ...options });
  }

  /** Removes data the node no longer owns; fails with Icarus' message on a non-zero status. */
  async forceKeyspaceCleanup(jobs: number, keyspace: string, tables: string[] = [], options: JolokiaCallOptions = {}): Promise<void> {
    const args = [validateJobs(jobs), validateKeyspaceName(keyspace), validateTableNames(tables)];
    const status = await this.jolokia.exec(MBEAN, SIG.cleanup, args, { ...LONG, ...options });
    checkSSTableOperationStatus('cleanup', keyspace, status);
  }

  async scrub(scrub: ScrubOptions, keyspace: string, tables: string[] = [], options: JolokiaCallOptions = {}): Promise<void> {
    const { disableSnapshot, skipCorrupted, checkData, reinsertOverflowedTTL } = scrub;
    const flags = [disableSnapshot, skipCorrupted, checkData, reinsertOverflowedTTL];
    const args = [...flags, validateJobs(scrub.jobs), validateKeyspaceName(keyspace), validateTableNames(tables)];
    const status = await this.jolokia.exec(MBEAN, SIG.scrub, args, { ...LONG, ...options });
    checkSSTableOperationStatus('scrub', keyspace, status);
  }

  async upgradeSSTables(keyspace: string, upgrade: UpgradeSSTablesOptions, tables: string[] = [], options: JolokiaCallOptions = {}): Promise<void> {
    const [ks, jobs, names] = [validateKeyspaceName(keyspace), validateJobs(upgrade.jobs), validateTableNames(tables)];
    const status =
      upgrade.maxSSTableTimestamp === undefined
        ? await this.jolokia.exec(MBEAN, SIG.upgrade, [ks, upgrade.excludeCurrentVersion, jobs, names], { ...LONG, ...options })
        : await this.jolokia.exec(MBEAN, SIG.upgradeBefore, [ks, upgrade.excludeCurrentVersion, upgrade.maxSSTableTimestamp, jobs, names], { ...LONG, ...options });
    checkSSTableOperationStatus('upgradesstables', keyspace, status);
  }

  /** Flushes everything and stops accepting writes; the node ends in mode DRAINED. */
  async drain(options: JolokiaCallOptions = {}): Promise<void> {
    await this.jolokia.exec(MBEAN, 'drain()', [], { ...LONG, ...options });
  }

  /** Streams this node's data away and leaves the ring. `force` skips the replication-factor check. */
  async decommission(force: boolean, options: JolokiaCallOptions = {}): Promise<void> {
    const legacy = (await this.cassandraVersion()).major < 4; // decommission(boolean) arrived in 4.0
    await this.jolokia.exec(MBEAN, legacy ? 'decommission()' : 'decommission(boolean)', legacy ? [] : [force], { ...LONG, ...options });
  }

  /** Streams data for this node's ranges from other replicas (nodetool rebuild). */
  async rebuild(rebuild: RebuildOptions, options: JolokiaCallOptions = {}): Promise<void> {
    const keyspace = rebuild.keyspace ? validateKeyspaceName(rebuild.keyspace) : null;
    // Cassandra parses tokens as "(start,end],(start,end]" and sources as "a,b".
    const tokens = rebuild.specificTokens?.length ? rebuild.specificTokens.map((t) => `(${t.start},${t.end}]`).join(',') : null;
    const sources = rebuild.specificSources?.length ? rebuild.specificSources.join(',') : null;
    const args = [rebuild.sourceDC || null, keyspace, tokens, sources];
    if (rebuild.excludeLocalDatacenterNodes === undefined) {
      await this.jolokia.exec(MBEAN, SIG.rebuild, args, { ...LONG, ...options });
    } else {
      await this.jolokia.exec(MBEAN, SIG.rebuildExcludeLocal, [...args, rebuild.excludeLocalDatacenterNodes], { ...LONG, ...options });
    }
  }

  /** Loads SSTables dropped into the table's data directory (nodetool refresh; deprecated since 4.0). */
  async loadNewSSTables(keyspace: string, table: string, options: JolokiaCallOptions = {}): Promise<void> {
    const args = [validateKeyspaceName(keyspace), validateTableName(table)];
    await this.jolokia.exec(MBEAN, 'loadNewSSTables(java.lang.String,java.lang.String)', args, { ...LONG, ...options });
  }

  /** Deletes all data of a table on every node; Cassandra requires all nodes to be up. */
  async truncate(keyspace: string, table: string, options: JolokiaCallOptions = {}): Promise<void> {
    const args = [validateKeyspaceName(keyspace), validateTableName(table)];
    await this.jolokia.exec(MBEAN, 'truncate(java.lang.String,java.lang.String)', args, { ...LONG, ...options });
  }
}
