import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashFile } from '../../src/storage/index.js';
import { freePort } from '../support/ports.js';
import { SidecarProcess } from '../support/sidecar-process.js';
import { http, waitFor, waitForState } from '../support/sidecar.js';
import type { BackupBed } from './backup-bed.js';

const OFF = "WITH compaction = {'class': 'SizeTieredCompactionStrategy', 'enabled': 'false'}";

/** The cluster-wide backup the restore cases restore, and what the cluster held when it was taken. */
export interface GlobalBackupTaken {
  location: string;
  name: string;
  operation: any;
  rows: Record<string, string[]>;
  /** Node (1-based) → table → SHA-256 of its Data.db files. */
  hashes: Array<Record<string, string[]>>;
}

/**
 * What the cluster-wide suites share: one sidecar per node as in production — each in its own
 * process with its own embedded Redis, on the node's own address and one shared port, so the
 * default peer rule (`http://<node address>:<this sidecar's port>`) finds them — and two keyspaces
 * of their own, RF 3 and RF 2, with autocompaction off so the SSTables on disk are what a backup holds.
 */
export class GlobalBed {
  readonly sidecars: SidecarProcess[] = [];
  port = 0;
  readonly ks3 = `gl3_${randomBytes(3).toString('hex')}`;
  readonly ks2 = `gl2_${randomBytes(3).toString('hex')}`;
  private readonly dirs: string[] = [];
  private taken?: GlobalBackupTaken;

  constructor(readonly b: BackupBed) {}

  get tables(): string[] {
    return [`${this.ks3}.t`, `${this.ks2}.t`];
  }

  async start(): Promise<void> {
    this.port = await freePort();
    for (const node of this.b.ctx.bed.nodes) {
      const dataDir = await this.tempDir('icarus-global-sidecar-');
      const args = { listen: `${node.ip}:${this.port}`, dataDir, jolokiaUrl: node.jolokiaUrl, cassandraConfigDir: node.confDir, peerUnreachableGrace: '5s' };
      const sidecar = new SidecarProcess(args, this.b.env);
      await sidecar.start();
      this.sidecars.push(sidecar);
    }
    const cql = this.b.ctx.cql;
    for (const [ks, rf] of [[this.ks3, 3], [this.ks2, 2]] as const) {
      await cql.execute(`CREATE KEYSPACE ${ks} WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': ${rf}}`);
      await cql.execute(`CREATE TABLE ${ks}.t (id int PRIMARY KEY, v text) ${OFF}`);
    }
    await this.write(0, 600);
    await this.flush();
  }

  async stop(): Promise<void> {
    for (const sidecar of this.sidecars) await sidecar.stop();
    for (const dir of this.dirs) await rm(dir, { recursive: true, force: true });
  }

  url(node: number): string {
    return this.sidecars[node - 1].url;
  }

  /** Rows with ~1 KiB of random (incompressible) text, so a throttled download takes seconds and can be interrupted. */
  async write(from: number, count: number): Promise<void> {
    for (const table of this.tables) {
      for (let id = from; id < from + count; id++) {
        await this.b.ctx.cql.execute(`INSERT INTO ${table} (id, v) VALUES (?, ?)`, [id, `${table}-${id}-${randomBytes(768).toString('base64')}`], { prepare: true });
      }
    }
  }

  async flush(): Promise<void> {
    for (const node of this.b.ctx.nodes) for (const ks of [this.ks3, this.ks2]) await node.storageService.forceKeyspaceFlush(ks);
  }

  /** Every table's rows, read at CL ALL. */
  async rows(): Promise<Record<string, string[]>> {
    return Object.fromEntries(await Promise.all(this.tables.map(async (t) => [t, await this.b.rows(t)])));
  }

  async submit(body: Record<string, unknown>, node: number): Promise<string> {
    const response = await http(this.url(node), 'POST', '/operations', body);
    assert.equal(response.status, 201, response.text);
    return response.json.id;
  }

  end(id: string, node: number, timeoutMs = 240_000): Promise<any> {
    return waitForState(this.url(node), id, ['COMPLETED', 'FAILED', 'CANCELLED'], timeoutMs);
  }

  async run(body: Record<string, unknown>, node: number): Promise<any> {
    const done = await this.end(await this.submit(body, node), node);
    assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
    return done;
  }

  /** Waits until the cluster-wide operation shows `phase` running with bytes moving on some node. */
  phaseUnderWay(id: string, node: number, phase: string): Promise<any> {
    return waitFor(`phase ${phase} under way`, async () => {
      const { json } = await http(this.url(node), 'GET', `/operations/${id}`);
      if (['COMPLETED', 'FAILED', 'CANCELLED'].includes(json?.state)) throw new Error(`ended ${json.state} before ${phase}: ${JSON.stringify(json.errors)}`);
      return json?.nodes?.some((n: any) => n.phase === phase && n.state === 'RUNNING' && n.bytesTransferred > 0) ? json : undefined;
    }, 120_000).catch((err: Error) => {
      throw new Error(`${err.message} (is DOWNLOAD throttled enough to be caught?)`);
    });
  }

  /** The node-level restores node `node` ran for downloads under `sourceDir`, oldest first. */
  async nodeRestores(node: number, sourceDir: string): Promise<any[]> {
    const { json } = await http(this.url(node), 'GET', '/operations?type=restore');
    return (json as any[]).filter((o) => !o.globalRequest && String(o.import?.sourceDir ?? '').startsWith(sourceDir)).reverse();
  }

  /** SHA-256 of the Data.db files of a table on one node's disks (what that node itself holds). */
  async dataHashes(node: number, table: string): Promise<string[]> {
    const [ks, name] = table.split('.');
    const hashes: string[] = [];
    for (const dataDir of this.b.ctx.bed.nodes[node - 1].dataDirs) {
      for (const tableDir of (await readdir(join(dataDir, ks)).catch(() => [] as string[])).filter((d) => d.startsWith(`${name}-`))) {
        for (const file of (await readdir(join(dataDir, ks, tableDir))).filter((f) => f.endsWith('-Data.db'))) {
          hashes.push((await hashFile(join(dataDir, ks, tableDir, file), 'SHA-256')) as string);
        }
      }
    }
    return hashes.sort();
  }

  /** The cluster-wide backup of both keyspaces, taken through node 2's sidecar (once per bed). */
  async backup(): Promise<GlobalBackupTaken> {
    if (this.taken) return this.taken;
    const location = this.b.location('s3');
    const rows = await this.rows();
    const hashes = await Promise.all([1, 2, 3].map(async (n) => Object.fromEntries(await Promise.all(this.tables.map(async (t) => [t, await this.dataHashes(n, t)])))));
    const body = { type: 'backup', globalRequest: true, storageLocation: location, createMissingBucket: true, entities: `${this.ks3},${this.ks2}`, snapshotTag: 'global' };
    const operation = await this.run(body, 2);
    this.taken = { location, name: operation.snapshotTag, operation, rows, hashes };
    return this.taken;
  }

  /** A global IMPORT restore of that backup into `sourceDir`. */
  restoreBody(sourceDir: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const { location, name } = this.taken!;
    return { type: 'restore', globalRequest: true, storageLocation: location, snapshotTag: name, restorationStrategyType: 'IMPORT', restorationPhase: 'INIT', entities: `${this.ks3},${this.ks2}`, import: { sourceDir }, ...extra };
  }

  /** Changes both tables since the backup: one truncated, rows deleted from the other and a row added. */
  async damage(): Promise<void> {
    const cql = this.b.ctx.cql;
    await cql.execute(`TRUNCATE ${this.ks3}.t`);
    await cql.execute(`DELETE FROM ${this.ks2}.t WHERE id IN (${Array.from({ length: 50 }, (_, i) => i).join(',')})`);
    await cql.execute(`INSERT INTO ${this.ks2}.t (id, v) VALUES (99999, 'after the backup')`);
  }

  async tempDir(prefix: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    this.dirs.push(dir);
    return dir;
  }
}
