import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningServer } from '../../src/cli/server/start-server.js';
import { createStorageProvider, parseStorageRequestOptions, StorageLocation, type StorageProvider } from '../../src/storage/index.js';
import { type RunningEmulators, startEmulators } from '../support/emulators.js';
import { http, startTestSidecar, waitForState } from '../support/sidecar.js';
import type { BedContext } from './bed-context.js';
import type { NodeSidecars } from './sidecars.js';

export type Provider = 's3' | 'gcp' | 'azure' | 'file';

/** CQL values in a comparable form (sets and maps of the driver become sorted arrays and objects). */
function normal(value: unknown): unknown {
  if (value instanceof Set || Array.isArray(value)) return [...value].map(normal).sort();
  if (value instanceof Map) return Object.fromEntries([...value].sort());
  if (value !== null && typeof value === 'object' && 'toString' in value && !(value.constructor === Object)) return String(value);
  return value;
}
export const PROVIDERS: readonly Provider[] = ['s3', 'gcp', 'azure', 'file'];

/**
 * What the backup suites share: the storage emulators, one sidecar per node that can reach them,
 * a directory for file:// buckets, and two keyspaces (RF 3, so every node holds every row) with a
 * plain table, a table with a secondary index and one with collections. Autocompaction is off so
 * the SSTables on disk are exactly those a snapshot holds until a test changes them.
 */
export class BackupBed {
  emulators!: RunningEmulators;
  sidecars: RunningServer[] = [];
  fileRoot!: string;
  readonly ks = `bk_${randomBytes(3).toString('hex')}`;
  readonly ks2 = `bk2_${randomBytes(3).toString('hex')}`;

  constructor(
    readonly ctx: BedContext,
    private readonly nodeSidecars: NodeSidecars,
  ) {}

  get env(): Record<string, string> {
    return this.emulators.env;
  }

  get redisUrl(): string {
    return this.nodeSidecars.redis.url;
  }

  async start(): Promise<void> {
    this.emulators = await startEmulators(['s3', 'gcs', 'azure']);
    this.fileRoot = await mkdtemp(join(tmpdir(), 'icarus-backups-'));
    for (const node of this.ctx.bed.nodes) {
      this.sidecars.push(
        await startTestSidecar(this.nodeSidecars.redis.url, { jolokiaUrl: node.jolokiaUrl, listen: `${node.ip}:0` }, this.env),
      );
    }
    const off = "WITH compaction = {'class': 'SizeTieredCompactionStrategy', 'enabled': 'false'}";
    for (const ks of [this.ks, this.ks2]) {
      await this.ctx.cql.execute(`CREATE KEYSPACE ${ks} WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3}`);
    }
    await this.ctx.cql.execute(`CREATE TABLE ${this.ks}.plain (id int PRIMARY KEY, v text) ${off}`);
    await this.ctx.cql.execute(`CREATE TABLE ${this.ks}.indexed (id int PRIMARY KEY, v text) ${off}`);
    await this.ctx.cql.execute(`CREATE INDEX indexed_v ON ${this.ks}.indexed (v)`);
    await this.ctx.cql.execute(`CREATE TABLE ${this.ks}.coll (id int PRIMARY KEY, tags set<text>, attrs map<text, int>) ${off}`);
    await this.ctx.cql.execute(`CREATE TABLE ${this.ks2}.other (id int PRIMARY KEY, v text) ${off}`);
    await this.write(0, 60);
    await this.flushAll();
  }

  async stop(): Promise<void> {
    for (const server of this.sidecars) await server.close();
    await this.emulators?.stop();
    if (this.fileRoot) await rm(this.fileRoot, { recursive: true, force: true });
  }

  /** Rows `from`..`from+count-1` in every table. */
  async write(from: number, count: number): Promise<void> {
    const cql = this.ctx.cql;
    for (let id = from; id < from + count; id++) {
      await cql.execute(`INSERT INTO ${this.ks}.plain (id, v) VALUES (?, ?)`, [id, `plain-${id}`], { prepare: true });
      await cql.execute(`INSERT INTO ${this.ks}.indexed (id, v) VALUES (?, ?)`, [id, `v${id % 7}`], { prepare: true });
      await cql.execute(`INSERT INTO ${this.ks}.coll (id, tags, attrs) VALUES (?, ?, ?)`, [id, [`t${id}`, 'all'], { n: id }], { prepare: true });
      await cql.execute(`INSERT INTO ${this.ks2}.other (id, v) VALUES (?, ?)`, [id, `other-${id}`], { prepare: true });
    }
  }

  async flushAll(): Promise<void> {
    for (const node of this.ctx.nodes) {
      await node.storageService.forceKeyspaceFlush(this.ks);
      await node.storageService.forceKeyspaceFlush(this.ks2);
    }
  }

  url(node: number): string {
    return this.sidecars[node - 1].url;
  }

  /** A fresh bucket of `provider`: bucket-only for clouds (the sidecar appends cluster/dc/host id), a full path for file://. */
  location(provider: Provider, bucket = `b${randomBytes(5).toString('hex')}`): string {
    return provider === 'file' ? `file://${this.fileRoot}/${bucket}/cl/dc1/node` : `${provider}://${bucket}`;
  }

  /** Submits an operation to node `node`'s sidecar and waits until it ends; fails unless COMPLETED. */
  async run(body: Record<string, unknown>, node = 1, timeoutMs = 180_000): Promise<any> {
    const done = await this.runToEnd(body, node, timeoutMs);
    assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
    return done;
  }

  async runToEnd(body: Record<string, unknown>, node = 1, timeoutMs = 180_000): Promise<any> {
    const response = await http(this.url(node), 'POST', '/operations', body);
    assert.equal(response.status, 201, response.text);
    return waitForState(this.url(node), response.json.id, ['COMPLETED', 'FAILED', 'CANCELLED'], timeoutMs);
  }

  /** Every row of a table (read at CL ALL, so what any replica holds counts), as sorted JSON lines. */
  async rows(table: string): Promise<string[]> {
    const result = await this.ctx.cql.execute(`SELECT * FROM ${table}`, [], { fetchSize: 100_000 });
    return result.rows.map((r) => JSON.stringify(Object.fromEntries(r.keys().map((k) => [k, normal(r.get(k))])))).sort();
  }

  /** Runs the phases of a HARDLINKS or IMPORT restore on node `node`, each one twice (they must be idempotent). */
  async restore(body: Record<string, unknown>, node = 1, phases = ['INIT', 'DOWNLOAD', 'TRUNCATE', 'IMPORT', 'CLEANUP'], twice = true): Promise<any[]> {
    const done: any[] = [];
    for (const phase of phases) {
      for (let i = 0; i < (twice ? 2 : 1); i++) done.push(await this.run({ type: 'restore', ...body, restorationPhase: phase }, node));
    }
    return done;
  }

  /** Our own provider over a (resolved, complete) location, to look into the bucket. */
  inspect(location: string): StorageProvider {
    return createStorageProvider(StorageLocation.parse(location), parseStorageRequestOptions({}), this.env);
  }
}
