import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manifestEntries } from '../../../src/backups/manifest.js';
import { Repairs } from '../../../src/cassandra/repairs.js';
import { waitUntil } from '../../support/testbed.js';
import type { BackupBed } from '../backup-bed.js';
import { liveComponents, manifestComponents, manifestsAt, verifyObjects } from '../bucket-check.js';

/**
 * Cassandra rewrites Statistics.db in place (same file name, new content) when an incremental
 * repair marks SSTables repaired. Esop keeps the old object under the key and records the new hash
 * against it, so the later backup fails verification on restore. Here both backups must verify.
 */
export function backupRepairedSuite(b: BackupBed): void {
  describe('backup after SSTables are marked repaired', () => {
    it('s3 and file: the rewritten Statistics.db gets a key of its own and both backups verify', async () => {
      const dataDirs = b.ctx.bed.nodes[0].dataDirs;
      const locations = [b.location('s3'), b.location('file')];
      const backup = (storageLocation: string, snapshotTag: string) =>
        b.run({ type: 'backup', storageLocation, createMissingBucket: true, entities: b.ks, snapshotTag });
      const before: { snapshotTag: string }[] = [];
      for (const location of locations) before.push(await backup(location, 'unrepaired'));
      const liveBefore = await liveComponents(dataDirs, [b.ks]);

      await repair(b);
      const liveAfter = await liveComponents(dataDirs, [b.ks]);
      const rewritten = [...liveAfter].filter(([k, v]) => liveBefore.get(k) && liveBefore.get(k)!.hash !== v.hash).map(([k]) => k);
      assert.ok(rewritten.length > 0 && rewritten.every((k) => k.endsWith('-Statistics.db')), `rewritten in place: ${rewritten}`);

      for (const [i, location] of locations.entries()) {
        const after = await backup(location, 'repaired');
        assert.ok(after.bytesTotal > 0, 'the rewritten components were uploaded');
        const storage = b.inspect(after.storageLocation);
        const byName = new Map((await manifestsAt(storage, after.storageLocation)).map((m) => [m.name, m.manifest]));
        const first = byName.get(before[i].snapshotTag)!;
        const second = byName.get(after.snapshotTag)!;
        assert.deepEqual(manifestComponents(second, [b.ks]), liveAfter);
        const hashBefore = new Map(manifestEntries(first).map(({ entry }) => [entry.objectKey, entry.hash]));
        let ownKeys = 0;
        for (const { entry } of manifestEntries(second)) {
          if (hashBefore.has(entry.objectKey)) assert.equal(hashBefore.get(entry.objectKey), entry.hash, `${entry.objectKey} is shared only with the same content`);
          else ownKeys++;
        }
        assert.equal(ownKeys, rewritten.length, 'exactly the rewritten components have keys of their own');
        await verifyObjects(storage, after.storageLocation, first);
        await verifyObjects(storage, after.storageLocation, second);
        await storage.close();
      }
    });
  });
}

/** An incremental repair of the keyspace from node 1 (RF 3 on 3 nodes: node 1 holds every range). */
async function repair(b: BackupBed): Promise<void> {
  const repairs = new Repairs(b.ctx.node1.jolokia);
  const command = await repairs.start(b.ks, { incremental: 'true', parallelism: 'parallel' });
  const status = await waitUntil('the repair to end', async () => {
    const s = await repairs.status(command);
    return s.state === 'COMPLETED' || s.state === 'FAILED' ? s : undefined;
  }, 120_000);
  assert.equal(status.state, 'COMPLETED', status.messages.join('; '));
}
