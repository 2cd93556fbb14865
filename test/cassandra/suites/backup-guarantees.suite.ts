import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { manifestEntries } from '../../../src/backups/manifest.js';
import { listSnapshotDirectories } from '../../../src/cassandra/snapshot-directories.js';
import { StorageLocation } from '../../../src/storage/index.js';
import { SidecarProcess } from '../../support/sidecar-process.js';
import { http, waitFor, waitForState } from '../../support/sidecar.js';
import type { BackupBed } from '../backup-bed.js';
import { manifestsAt, verifyObjects } from '../bucket-check.js';

/**
 * Issue 16, defect 8 on the backup side: an object of other content is never overwritten, and the
 * snapshot sweeper of a restarted sidecar never clears the snapshot of a backup that resumes.
 */
export function backupGuaranteesSuite(b: BackupBed): void {
  describe('backup guarantees (issue 16)', () => {
    const table = () => `${b.ks}.guarded`;
    let sidecar: SidecarProcess;
    before(async () => {
      await b.ctx.cql.execute(`CREATE TABLE ${table()} (id int PRIMARY KEY, data blob) WITH compaction = {'class': 'SizeTieredCompactionStrategy', 'enabled': 'false'}`);
      for (let id = 0; id < 24; id++) await b.ctx.cql.execute(`INSERT INTO ${table()} (id, data) VALUES (?, ?)`, [id, randomBytes(256 * 1024)], { prepare: true });
      await b.ctx.node1.storageService.forceKeyspaceFlush(b.ks, ['guarded']);
      sidecar = await SidecarProcess.launch(b.redisUrl, { jolokiaUrl: b.ctx.bed.nodes[0].jolokiaUrl }, b.env);
    }, { timeout: 120_000 });
    after(() => sidecar?.stop());

    it('8. an object of other content under a key a backup needs is never overwritten: the file goes under a variant key', async () => {
      const first = await b.run({ type: 'backup', storageLocation: b.location('file'), entities: table(), snapshotTag: 'va' });
      const node = StorageLocation.parse(first.storageLocation);
      const objectPath = (key: string) => join(node.fileBackupDirectory!, node.bucket, node.nodePath, key);
      const [stored] = await manifestsAt(b.inspect(first.storageLocation), first.storageLocation);
      const victim = manifestEntries(stored.manifest).find(({ entry }) => entry.objectKey.endsWith('-Data.db'))!.entry;
      // No manifest vouches for the objects any more (an interrupted backup, another tool), and one holds other bytes.
      await rm(objectPath(`manifests/${first.snapshotTag}.json`));
      const foreign = Buffer.alloc(victim.size, 0x5a);
      await writeFile(objectPath(victim.objectKey), foreign);
      const second = await b.run({ type: 'backup', storageLocation: first.storageLocation, entities: table(), snapshotTag: 'vb' });
      const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
      assert.equal(sha(await readFile(objectPath(victim.objectKey))), sha(foreign), 'the existing object was left as it was');
      const [again] = await manifestsAt(b.inspect(second.storageLocation), second.storageLocation);
      const entry = manifestEntries(again.manifest).find(({ entry: e }) => e.objectKey.split('/').pop() === victim.objectKey.split('/').pop())!.entry;
      assert.notEqual(entry.objectKey, victim.objectKey, 'the file went under a key of its own');
      await verifyObjects(b.inspect(second.storageLocation), second.storageLocation, again.manifest);
    });

    it('8. kill -9 mid-upload: the restarted sidecar\'s sweeper leaves the snapshot of the backup that resumes, which completes from it', async () => {
      const response = await http(sidecar.url, 'POST', '/operations', { type: 'backup', storageLocation: b.location('file'), entities: table(), snapshotTag: 'swept', bandwidth: '2MBPS' });
      assert.equal(response.status, 201, response.text);
      const id = response.json.id as string;
      await waitFor('upload under way', async () => ((await http(sidecar.url, 'GET', `/operations/${id}`)).json.bytesTransferred >= 1_000_000 ? true : undefined), 60_000);
      const [snapshot] = (await listSnapshotDirectories(b.ctx.bed.nodes[0].dataDirs)).filter((s) => s.tag.startsWith('swept-'));
      const taken = (await readdir(snapshot.directory)).filter((f) => f.endsWith('-Data.db')).sort();
      await sidecar.kill9();
      // A new SSTable the snapshot lacks: a backup that re-took its snapshot would hold it.
      await b.ctx.cql.execute(`INSERT INTO ${table()} (id, data) VALUES (?, ?)`, [9999, randomBytes(1024)], { prepare: true });
      await b.ctx.node1.storageService.forceKeyspaceFlush(b.ks, ['guarded']);
      await sidecar.start();
      const done = await waitForState(sidecar.url, id, ['COMPLETED', 'FAILED', 'CANCELLED'], 120_000);
      assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
      const stored = (await manifestsAt(b.inspect(done.storageLocation), done.storageLocation)).find((m) => m.name === done.snapshotTag)!;
      const backedUp = manifestEntries(stored.manifest).map(({ entry }) => entry.objectKey.split('/').pop()!).filter((f) => f.endsWith('-Data.db')).sort();
      assert.deepEqual(backedUp, taken, 'the backup is of the snapshot taken before the crash');
      assert.deepEqual((await listSnapshotDirectories(b.ctx.bed.nodes[0].dataDirs)).filter((s) => s.tag.startsWith('swept-')), [], 'and cleared it');
    });
  });
}
