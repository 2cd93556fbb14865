import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import cassandra from 'cassandra-driver';
import { ColumnFamilyStore } from '../../src/cassandra/column-family-store.js';
import { CompactionManager } from '../../src/cassandra/compaction-manager.js';
import { EndpointSnitchInfo } from '../../src/cassandra/endpoint-snitch-info.js';
import { FailureDetector } from '../../src/cassandra/failure-detector.js';
import { JolokiaClient } from '../../src/cassandra/jolokia.client.js';
import { SchemaCheck } from '../../src/cassandra/schema-check.js';
import { Snapshots } from '../../src/cassandra/snapshots.js';
import { StorageProxy } from '../../src/cassandra/storage-proxy.js';
import { StorageService } from '../../src/cassandra/storage-service.js';
import { Topology } from '../../src/cassandra/topology.js';
import { startTestbed, type Testbed, type TestbedNode, type TestbedOptions } from '../support/testbed.js';

/** Every facade, wired to one node's Jolokia agent, as the sidecar of that node would have them. */
export class NodeFacades {
  readonly jolokia: JolokiaClient;
  readonly storageService: StorageService;
  readonly snitch: EndpointSnitchInfo;
  readonly tables: ColumnFamilyStore;
  readonly snapshots: Snapshots;
  readonly failureDetector: FailureDetector;
  readonly storageProxy: StorageProxy;
  readonly compactionManager: CompactionManager;
  readonly topology: Topology;
  readonly schemaCheck: SchemaCheck;

  constructor(readonly node: TestbedNode) {
    this.jolokia = new JolokiaClient({ url: node.jolokiaUrl, timeoutMs: 10_000 });
    this.storageService = new StorageService(this.jolokia);
    this.snitch = new EndpointSnitchInfo(this.jolokia);
    this.tables = new ColumnFamilyStore(this.jolokia, this.storageService);
    this.snapshots = new Snapshots(this.jolokia, this.storageService);
    this.failureDetector = new FailureDetector(this.jolokia);
    this.storageProxy = new StorageProxy(this.jolokia);
    this.compactionManager = new CompactionManager(this.jolokia);
    this.topology = new Topology(this.storageService, this.snitch);
    this.schemaCheck = new SchemaCheck(this.storageService, this.tables);
  }

  /** Names of the `*-Data.db` files (one per SSTable) of a table on this node. */
  async sstables(keyspace: string, table: string): Promise<string[]> {
    const [dir] = await this.tables.dataPaths(keyspace, table);
    return (await readdir(dir)).filter((f) => f.endsWith('-Data.db')).sort();
  }
}

/** The started bed, one node facade set per node, a CQL session and this run's keyspace (RF 3). */
export class BedContext {
  bed!: Testbed;
  nodes: NodeFacades[] = [];
  cql!: cassandra.Client;
  readonly keyspace = `it_${randomBytes(4).toString('hex')}`;

  constructor(
    private readonly nodeCount: number,
    private readonly options: TestbedOptions = { jmx: true, secondDataDir: true },
  ) {}

  /** Node 1's facades, where the single-node operations run. */
  get node1(): NodeFacades {
    return this.nodes[0];
  }

  async start(): Promise<void> {
    this.bed = await startTestbed(this.nodeCount, this.options);
    this.nodes = this.bed.nodes.map((n) => new NodeFacades(n));
    this.cql = new cassandra.Client({
      contactPoints: [this.bed.nodes[0].ip],
      localDataCenter: 'dc1',
      // ALL makes every replica, node 1 included, hold each write and answer each read.
      queryOptions: { consistency: cassandra.types.consistencies.all },
    });
    await this.cql.connect();
    await this.cql.execute(
      `CREATE KEYSPACE ${this.keyspace} WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': ${this.nodeCount}}`,
    );
  }

  async stop(): Promise<void> {
    await this.cql?.shutdown();
    await this.bed?.stop();
  }

  /** Creates `table (id int PRIMARY KEY, v text)` holding `rows` rows. */
  async createTable(table: string, rows: number): Promise<void> {
    await this.cql.execute(`CREATE TABLE ${this.keyspace}.${table} (id int PRIMARY KEY, v text)`);
    await this.insert(table, 0, rows);
  }

  async insert(table: string, from: number, count: number): Promise<void> {
    const insert = `INSERT INTO ${this.keyspace}.${table} (id, v) VALUES (?, ?)`;
    for (let id = from; id < from + count; id++) await this.cql.execute(insert, [id, `value-${id}`], { prepare: true });
  }

  async count(table: string): Promise<number> {
    const result = await this.cql.execute(`SELECT count(*) AS n FROM ${this.keyspace}.${table}`);
    return Number(result.first().get('n'));
  }
}
