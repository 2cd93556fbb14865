import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createStorageProvider, parseStorageRequestOptions, StorageLocation } from '../../../src/storage/index.js';
import { http } from '../../support/sidecar.js';
import { type BackupBed, PROVIDERS } from '../backup-bed.js';
import { liveComponents, manifestComponents, manifestsAt, snapshotsLeft, verifyObjects } from '../bucket-check.js';

/**
 * Node backups over REST to every provider, checked in the bucket: one manifest listing every
 * SSTable component on disk, each object's content equal to the file, nothing uploaded twice,
 * snapshots cleared, bad input refused.
 */
export function backupSuite(b: BackupBed): void {
  describe('backup to s3, gcs, azure and file', () => {
    const keyspaces = () => [b.ks, b.ks2];
    const dataDirs = (node: number) => b.ctx.bed.nodes[node - 1].dataDirs;

    for (const provider of PROVIDERS) {
      it(`${provider}: one manifest with every SSTable component; every object equals its file; a second backup uploads nothing`, async () => {
        const body = { type: 'backup', storageLocation: b.location(provider), createMissingBucket: true, entities: `${b.ks},${b.ks2}`, snapshotTag: 'full' };
        const first = await b.run(body);
        assert.match(first.snapshotTag, /^full-[0-9a-f-]{36}-\d{13}$/);
        assert.ok(first.bytesTotal > 0 && first.bytesTransferred === first.bytesTotal, JSON.stringify(first));
        assert.deepEqual(await snapshotsLeft(dataDirs(1), first.snapshotTag), [], 'snapshot cleared');

        const storage = b.inspect(first.storageLocation);
        const [stored] = await manifestsAt(storage, first.storageLocation);
        assert.equal(stored.name, first.snapshotTag);
        assert.equal(stored.manifest.manifest?.hashAlgorithm, 'SHA-256');
        const live = await liveComponents(dataDirs(1), keyspaces());
        assert.ok(live.size >= 4 * 8, `SSTable components on disk: ${live.size}`);
        assert.deepEqual(manifestComponents(stored.manifest, keyspaces()), live, 'the manifest lists exactly the files on disk, with their sizes and hashes');
        assert.ok([...live.keys()].some((k) => k.includes('/.indexed_v/')), 'secondary index SSTables are included');
        assert.equal(await verifyObjects(storage, first.storageLocation, stored.manifest), live.size);

        const second = await b.run({ ...body, snapshotTag: 'again' });
        assert.equal(second.bytesTotal, 0, 'nothing uploaded the second time');
        const manifests = await manifestsAt(storage, first.storageLocation);
        assert.equal(manifests.length, 2);
        assert.deepEqual(manifestComponents(manifests[1].manifest, keyspaces()), live);
        await storage.close();
      });
    }

    it('backs up the SSTables of both data directories of node 2', async () => {
      assert.equal(dataDirs(2).length, 2);
      const done = await b.run({ type: 'backup', storageLocation: b.location('file'), entities: b.ks }, 2);
      assert.deepEqual(done.dataDirs, dataDirs(2), 'the data directories come from Cassandra');
      const storage = b.inspect(done.storageLocation);
      const [stored] = await manifestsAt(storage, done.storageLocation);
      const live = await liveComponents(dataDirs(2), [b.ks]);
      const perDir = await Promise.all(dataDirs(2).map((d) => liveComponents([d], [b.ks])));
      assert.ok(perDir.every((m) => m.size > 0), `both data directories hold SSTables: ${perDir.map((m) => m.size)}`);
      assert.deepEqual(manifestComponents(stored.manifest, [b.ks]), live);
      await verifyObjects(storage, done.storageLocation, stored.manifest);
    });

    it('accepts the request exactly as the Icarus Go client sends it for CassKop (201) and completes', async () => {
      await b.ctx.cql.execute("CREATE KEYSPACE IF NOT EXISTS ks1 WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3}");
      await b.ctx.cql.execute('CREATE TABLE IF NOT EXISTS ks1.t (id int PRIMARY KEY)');
      await b.ctx.cql.execute('INSERT INTO ks1.t (id) VALUES (1)');
      await createBucket(b, 'bucket');
      const storage = b.inspect('s3://bucket/cl/dc1/node1');
      const body =
        '{"type":"backup","storageLocation":"s3://bucket/cl/dc1/node1","snapshotTag":"snap1","duration":"1 hour","bandwidth":{"value":10,"unit":"MBPS"},"concurrentConnections":10,"entities":"ks1","k8sSecretName":"secret","dc":"dc1","globalRequest":false,"k8sNamespace":"default"}';
      const done = await b.runToEnd(JSON.parse(body));
      assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
      assert.equal(done.duration, '1 hour', 'echoed as sent: the Go client types duration as a string');
      assert.deepEqual(done.bandwidth, { value: 10, unit: 'MBPS' });
      const [stored] = await manifestsAt(storage, 's3://bucket/cl/dc1/node1');
      assert.ok(stored.name.startsWith('snap1-'));
      await storage.close();
    });

    it('suffixes every tag (nightly-7 too) and uploads the topology with real racks; removing the backup removes it', async () => {
      const done = await b.run({ type: 'backup', storageLocation: b.location('s3'), createMissingBucket: true, entities: b.ks2, snapshotTag: 'nightly-7', uploadClusterTopology: true });
      assert.match(done.snapshotTag, /^nightly-7-[0-9a-f-]{36}-\d{13}$/);
      const storage = b.inspect(done.storageLocation);
      const key = StorageLocation.parse(done.storageLocation).bucketKey(`topology/${done.snapshotTag}.json`);
      const topology = JSON.parse(await storage.downloadText(key));
      assert.deepEqual(topology.topology.map((n: { dc: string; rack: string }) => `${n.dc}/${n.rack}`), ['dc1/rack1', 'dc1/rack2', 'dc1/rack3']);
      const removed = await b.run({ type: 'remove-backup', storageLocation: done.storageLocation, backupName: done.snapshotTag });
      assert.deepEqual(removed.deletedTopologies, [key], 'no other node holds the backup');
      assert.equal(await storage.exists(key), false);
      await storage.close();
    });

    it('refuses bad input with 400 naming the field, before anything runs', async () => {
      const post = (body: Record<string, unknown>) => http(b.url(1), 'POST', '/operations', { type: 'backup', storageLocation: b.location('file'), ...body });
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ entities: 'nosuchks' }, 'entities'],
        [{ entities: `${b.ks},${b.ks}.plain` }, 'entities'],
        [{ entities: `${b.ks}.nosuchtable` }, 'entities'],
        [{ storageLocation: 'file:///a/b' }, 'storageLocation'],
        [{ storageLocation: 'ftp://bucket/c/d/n' }, 'storageLocation'],
        [{ snapshotTag: '../x' }, 'snapshotTag'],
        [{ bandwidth: { value: 10, unit: 'PARSECS' } }, 'bandwidth'],
        [{ duration: 'soon' }, 'duration'],
        [{ dataDirs: ['relative/dir'] }, 'dataDirs'],
        [{ globalRequest: true, dc: 'nosuchdc' }, 'dc'],
      ];
      for (const [body, field] of cases) {
        const response = await post(body);
        assert.equal(response.status, 400, `${JSON.stringify(body)}: ${response.text}`);
        assert.ok(response.json.errors.some((e: { field: string }) => e.field === field), `${JSON.stringify(body)} names ${field}: ${response.text}`);
      }
    });
  });
}

async function createBucket(b: BackupBed, bucket: string): Promise<void> {
  const provider = createStorageProvider(StorageLocation.parse(`s3://${bucket}/c/d/n`), parseStorageRequestOptions({ createMissingBucket: true }), b.env);
  await provider.ensureBucket();
  await provider.close();
}
