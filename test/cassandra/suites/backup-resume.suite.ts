import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { manifestEntries } from '../../../src/backups/manifest.js';
import { createStorageProvider, parseStorageRequestOptions, StorageLocation } from '../../../src/storage/index.js';
import { FaultProxy } from '../../support/fault-proxy.js';
import { SidecarProcess } from '../../support/sidecar-process.js';
import { http, waitFor, waitForState } from '../../support/sidecar.js';
import type { BackupBed } from '../backup-bed.js';
import { manifestsAt, snapshotsLeft, verifyObjects } from '../bucket-check.js';

/**
 * A backup whose sidecar is killed with -9 mid-upload continues after the restart and uploads each
 * object once; a cancelled or failed backup leaves no snapshot behind. The sidecar runs in its own
 * process and reaches S3 through a proxy that logs every request.
 */
export function backupResumeSuite(b: BackupBed): void {
  describe('backup across a crash, a cancel and a failure', () => {
    let proxy: FaultProxy;
    let sidecar: SidecarProcess;
    const bucket = `r${randomBytes(5).toString('hex')}`;
    const table = () => `${b.ks}.big`;
    const post = async (body: Record<string, unknown>) => {
      const response = await http(sidecar.url, 'POST', '/operations', { type: 'backup', storageLocation: `s3://${bucket}`, entities: table(), ...body });
      assert.equal(response.status, 201, response.text);
      return response.json.id as string;
    };
    const bytesMoved = (id: string, atLeast: number) =>
      waitFor('upload under way', async () => ((await http(sidecar.url, 'GET', `/operations/${id}`)).json.bytesTransferred >= atLeast ? true : undefined), 60_000);

    before(async () => {
      await b.ctx.cql.execute(`CREATE TABLE ${table()} (id int PRIMARY KEY, data blob) WITH compaction = {'class': 'SizeTieredCompactionStrategy', 'enabled': 'false'}`);
      for (let id = 0; id < 48; id++) await b.ctx.cql.execute(`INSERT INTO ${table()} (id, data) VALUES (?, ?)`, [id, randomBytes(256 * 1024)], { prepare: true });
      await b.ctx.node1.storageService.forceKeyspaceFlush(b.ks, ['big']);
      proxy = new FaultProxy({ target: b.env.AWS_ENDPOINT });
      const env = { ...b.env, AWS_ENDPOINT: await proxy.start() };
      const direct = createStorageProvider(StorageLocation.parse(`s3://${bucket}/c/d/n`), parseStorageRequestOptions({ createMissingBucket: true }), env);
      await direct.ensureBucket();
      sidecar = await SidecarProcess.launch(b.redisUrl, { jolokiaUrl: b.ctx.bed.nodes[0].jolokiaUrl }, env);
    }, { timeout: 120_000 });
    after(async () => {
      await sidecar?.stop();
      await proxy?.stop();
    });

    it('kill -9 mid-upload: the restarted sidecar finishes the same backup, each object uploaded once, manifest as an uninterrupted run', async () => {
      const id = await post({ bandwidth: '3MBPS', snapshotTag: 'killed' });
      await bytesMoved(id, 2_000_000);
      await sidecar.kill9();
      await sidecar.start();
      const done = await waitForState(sidecar.url, id, ['COMPLETED', 'FAILED', 'CANCELLED'], 120_000);
      assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
      assert.deepEqual(await snapshotsLeft(b.ctx.bed.nodes[0].dataDirs, done.snapshotTag), []);

      const uploads = new Map<string, number>();
      for (const r of proxy.log.filter((r) => r.status === 200 && !r.copy && isCompletedUpload(r.method, r.url))) {
        const key = decodeURIComponent(new URL(r.url, 'http://x').pathname);
        uploads.set(key, (uploads.get(key) ?? 0) + 1);
      }
      const twice = [...uploads].filter(([, n]) => n > 1);
      assert.deepEqual(twice, [], 'no object was uploaded twice');

      const again = await waitForState(sidecar.url, await post({ snapshotTag: 'uninterrupted' }), ['COMPLETED', 'FAILED'], 120_000);
      assert.equal(again.bytesTotal, 0);
      const storage = createStorageProvider(StorageLocation.parse(done.storageLocation), parseStorageRequestOptions({}), b.env);
      const manifests = new Map((await manifestsAt(storage, done.storageLocation)).map((m) => [m.name, m.manifest]));
      const entries = (name: string) => manifestEntries(manifests.get(name)!).map(({ entry }) => entry);
      assert.deepEqual(entries(done.snapshotTag), entries(again.snapshotTag));
      assert.equal(uploads.size, entries(done.snapshotTag).length + 2, 'every file once, plus the two manifests');
      await storage.close();
    });

    it('restore: kill -9 during DOWNLOAD; the restarted sidecar completes it without fetching verified files again; the rows come back', async () => {
      const rows = await digestOfRows(b, table());
      const body = { type: 'restore', storageLocation: `s3://${bucket}`, snapshotTag: 'killed', restorationStrategyType: 'IMPORT', entities: table(), import: { sourceDir: await mkdtemp(join(tmpdir(), 'icarus-restore-')) } };
      const phase = async (restorationPhase: string, extra: Record<string, unknown> = {}) => {
        const response = await http(sidecar.url, 'POST', '/operations', { ...body, restorationPhase, ...extra });
        assert.equal(response.status, 201, response.text);
        return response.json.id as string;
      };
      const start = proxy.log.length;
      const id = await phase('DOWNLOAD', { bandwidth: '3MBPS' });
      await bytesMoved(id, 2_000_000);
      await sidecar.kill9();
      await sidecar.start();
      const done = await waitForState(sidecar.url, id, ['COMPLETED', 'FAILED', 'CANCELLED'], 120_000);
      assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
      const fullReads = new Map<string, number>();
      for (const r of proxy.log.slice(start).filter((r) => r.method === 'GET' && r.status === 200 && !r.range && r.url.includes('/data/'))) {
        const key = new URL(r.url, 'http://x').pathname;
        fullReads.set(key, (fullReads.get(key) ?? 0) + 1);
      }
      assert.deepEqual([...fullReads].filter(([, n]) => n > 1), [], 'no file was fetched twice from the start');
      assert.ok(proxy.log.slice(start).some((r) => r.range && r.status === 206), 'the interrupted file continued with a ranged read');
      for (const p of ['TRUNCATE', 'IMPORT', 'CLEANUP']) {
        const state = await waitForState(sidecar.url, await phase(p), ['COMPLETED', 'FAILED'], 120_000);
        assert.equal(state.state, 'COMPLETED', JSON.stringify(state.errors));
      }
      assert.equal(await digestOfRows(b, table()), rows);
    });

    it('two concurrent backups of the same data never upload the same key twice', async () => {
      const start = proxy.log.length;
      const storageLocation = `s3://${bucket}/concurrent/dc1/n1`;
      const ids = [await post({ storageLocation, bandwidth: '8MBPS', snapshotTag: 'left' }), await post({ storageLocation, bandwidth: '8MBPS', snapshotTag: 'right' })];
      for (const id of ids) {
        const done = await waitForState(sidecar.url, id, ['COMPLETED', 'FAILED'], 120_000);
        assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
      }
      const uploads = new Map<string, number>();
      for (const r of proxy.log.slice(start).filter((r) => r.status === 200 && !r.copy && isCompletedUpload(r.method, r.url))) {
        const key = decodeURIComponent(new URL(r.url, 'http://x').pathname);
        if (!key.includes('/manifests/')) uploads.set(key, (uploads.get(key) ?? 0) + 1);
      }
      assert.ok(uploads.size > 0);
      assert.deepEqual([...uploads].filter(([, n]) => n > 1), [], 'each data object was uploaded by one of the two');
    });

    it('a cancelled backup ends CANCELLED and clears its snapshot', async () => {
      const id = await post({ bandwidth: '1MBPS', snapshotTag: 'cancelled', storageLocation: `s3://${bucket}/other/dc1/n1` });
      await bytesMoved(id, 500_000);
      assert.equal((await http(sidecar.url, 'DELETE', `/operations/${id}`)).status, 202);
      const done = await waitForState(sidecar.url, id, ['CANCELLED', 'FAILED', 'COMPLETED'], 60_000);
      assert.equal(done.state, 'CANCELLED');
      assert.deepEqual(await leftoverTags(b, 'cancelled-'), [], 'the snapshot is cleared before the operation ends');
    });

    it('storage faults during a backup: with a fifth of S3 requests failing (500, 503, drops, cut-offs) and retry on, it completes and every object reads back intact', async (t) => {
      // Its own proxy and sidecar: a lower stall timeout catches cut-off bodies in seconds (production: 5 min).
      const flaky = new FaultProxy({ target: b.env.AWS_ENDPOINT, faultRate: 0.2, seed: 11 });
      const env = { ...b.env, AWS_ENDPOINT: await flaky.start(), ICARUS_STORAGE_STALL_TIMEOUT_MS: '5000' };
      const faulty = await SidecarProcess.launch(b.redisUrl, { jolokiaUrl: b.ctx.bed.nodes[0].jolokiaUrl }, env);
      try {
        const response = await http(faulty.url, 'POST', '/operations', {
          type: 'backup', storageLocation: `s3://${bucket}/flaky/dc1/n1`, entities: table(), snapshotTag: 'flaky',
          retry: { enabled: true, maxAttempts: 10, interval: 1 },
        });
        assert.equal(response.status, 201, response.text);
        const done = await waitForState(faulty.url, response.json.id, ['COMPLETED', 'FAILED', 'CANCELLED'], 180_000);
        assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
        assert.ok(flaky.stats.faults > 0, 'faults were injected');
        assert.deepEqual(await snapshotsLeft(b.ctx.bed.nodes[0].dataDirs, done.snapshotTag), []);
        const storage = createStorageProvider(StorageLocation.parse(done.storageLocation), parseStorageRequestOptions({}), b.env);
        const stored = (await manifestsAt(storage, done.storageLocation)).find((m) => m.name === done.snapshotTag);
        assert.ok(stored, 'the manifest was written');
        const objects = await verifyObjects(storage, done.storageLocation, stored.manifest);
        await storage.close();
        t.diagnostic(`${flaky.stats.faults} faults in ${flaky.stats.requests} S3 requests; ${objects} objects verified`);
      } finally {
        await faulty.stop();
        await flaky.stop();
      }
    });

    it('a backup whose uploads fail ends FAILED and clears its snapshot', async () => {
      proxy.faultRate = 1;
      try {
        const id = await post({ snapshotTag: 'failing', skipBucketVerification: true });
        const done = await waitForState(sidecar.url, id, ['FAILED', 'COMPLETED', 'CANCELLED'], 60_000);
        assert.equal(done.state, 'FAILED');
        assert.ok(done.errors.length > 0);
      } finally {
        proxy.faultRate = 0;
      }
      assert.deepEqual(await leftoverTags(b, 'failing-'), []);
    });
  });
}

/** Row count and a digest of every row, to compare tables of large blobs. */
async function digestOfRows(b: BackupBed, table: string): Promise<string> {
  const rows = await b.rows(table);
  return `${rows.length} ${createHash('sha256').update(rows.join('\n')).digest('hex')}`;
}

/** A PutObject, or the completion of a multipart upload (self-copies that refresh an object's age are not uploads). */
function isCompletedUpload(method: string, url: string): boolean {
  const query = new URL(url, 'http://x').searchParams;
  if (method === 'PUT') return !query.has('partNumber') && !query.has('tagging');
  return method === 'POST' && query.has('uploadId');
}

/** Snapshot directories on node 1 whose tag starts with `prefix`. */
async function leftoverTags(b: BackupBed, prefix: string): Promise<string[]> {
  const { listSnapshotDirectories } = await import('../../../src/cassandra/snapshot-directories.js');
  return (await listSnapshotDirectories(b.ctx.bed.nodes[0].dataDirs)).filter((s) => s.tag.startsWith(prefix)).map((s) => s.directory);
}
