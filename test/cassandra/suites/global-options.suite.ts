import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { StorageLocation } from '../../../src/storage/index.js';
import { http, waitFor } from '../../support/sidecar.js';
import type { GlobalBed } from '../global-bed.js';

/** Issue 10, case 5: singlePhase, the dc filter, the one-restore guard, cancel, and a global remove-backup. */
export function globalOptionsSuite(g: GlobalBed): void {
  describe('cluster-wide operations: singlePhase, dc, guards, cancel, remove-backup', () => {
    it('singlePhase runs only restorationPhase, on every node; without it a global restore must start at INIT (or DOWNLOAD, as Icarus 2 did), else 400', async () => {
      await g.backup();
      const sourceDir = await g.tempDir('icarus-global-single-');
      const download = await g.run(g.restoreBody(sourceDir, { singlePhase: true, restorationPhase: 'DOWNLOAD' }), 1);
      assert.deepEqual(download.phases.map((p: any) => [p.phase, p.state, p.nodes]), [['DOWNLOAD', 'COMPLETED', 3]]);
      for (const view of download.nodes) assert.ok((await readdir(join(sourceDir, view.hostId))).length > 0, `${view.node} downloaded into its own directory`);
      await g.run(g.restoreBody(sourceDir, { singlePhase: true, restorationPhase: 'CLEANUP' }), 1);
      assert.deepEqual(await readdir(sourceDir), []);
      const refused = await http(g.url(1), 'POST', '/operations', g.restoreBody(sourceDir, { restorationPhase: 'TRUNCATE' }));
      assert.equal(refused.status, 400, refused.text);
      assert.equal(refused.json.errors[0].field, 'restorationPhase');
    });

    it('the dc filter: a known DC selects its nodes, an unknown one is refused with 400 naming dc', async () => {
      const { location } = await g.backup();
      const body = { type: 'backup', globalRequest: true, storageLocation: location, entities: g.ks2, snapshotTag: 'dc' };
      const done = await g.run({ ...body, dc: 'dc1' }, 3);
      assert.equal(done.nodes.length, 3);
      const refused = await http(g.url(3), 'POST', '/operations', { ...body, dc: 'dc1,nosuchdc' });
      assert.equal(refused.status, 400, refused.text);
      assert.equal(refused.json.errors[0].field, 'dc');
    });

    it('cancelling a global restore cancels its node operations; a second global restore meanwhile is refused (409); nothing is truncated', async () => {
      await g.backup();
      await g.b.ctx.cql.execute(`INSERT INTO ${g.ks3}.t (id, v) VALUES (77777, 'written after the backup')`);
      const sourceDir = await g.tempDir('icarus-global-cancel-');
      const id = await g.submit(g.restoreBody(sourceDir, { bandwidth: '50KBPS' }), 2);
      await g.phaseUnderWay(id, 2, 'DOWNLOAD');
      const second = await http(g.url(2), 'POST', '/operations', g.restoreBody(sourceDir));
      assert.equal(second.status, 409, second.text);
      assert.equal((await http(g.url(2), 'DELETE', `/operations/${id}`)).status, 202);
      const done = await g.end(id, 2, 120_000);
      assert.equal(done.state, 'CANCELLED', JSON.stringify(done.errors));
      for (const node of [1, 2, 3]) {
        const restores = await waitFor(`node ${node}'s DOWNLOAD cancelled`, async () => {
          const all = await g.nodeRestores(node, sourceDir);
          return all[1]?.state === 'CANCELLED' ? all : undefined;
        });
        assert.deepEqual(restores.map((o) => o.restorationPhase), ['INIT', 'DOWNLOAD']);
      }
      assert.ok((await g.rows())[`${g.ks3}.t`].some((r) => r.includes('77777')), 'nothing was truncated');
      await g.b.ctx.cql.execute(`DELETE FROM ${g.ks3}.t WHERE id = 77777`);
    });

    it('a global remove-backup through one sidecar removes the backup from every node and its topology file', async () => {
      const { location } = await g.backup();
      const taken = await g.run({ type: 'backup', globalRequest: true, storageLocation: location, entities: g.ks2, snapshotTag: 'doomed' }, 1);
      const removed = await g.run({ type: 'remove-backup', globalRequest: true, storageLocation: location, backupName: taken.snapshotTag }, 3);
      assert.deepEqual(removed.removedBackups, [taken.snapshotTag]);
      const cluster = (await g.b.ctx.node1.storageService.clusterName()).replace(/\s/g, '-');
      const storage = g.b.inspect(StorageLocation.parse(location).update(cluster, 'dc1', 'x').rawLocation);
      for (const view of taken.nodes) {
        const key = StorageLocation.parse(location).update(cluster, view.dc, view.hostId).nodeKey(`manifests/${taken.snapshotTag}.json`);
        assert.equal(await storage.exists(key), false, `${view.node}'s manifest removed`);
      }
      assert.equal(await storage.exists(StorageLocation.parse(location).bucketKey(`topology/${taken.snapshotTag}.json`)), false, 'topology file removed');
      await storage.close();
    });
  });
}
