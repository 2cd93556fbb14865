import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitForState } from '../../support/sidecar.js';
import type { GlobalBed } from '../global-bed.js';

/** Throttled downloads (an extension Esop lacks) make DOWNLOAD last long enough to crash something in it. */
const SLOW = '200KBPS';

/** Issue 10, cases 3 and 4: a coordinator crash is survived; a peer lost mid-phase stops the restore before anything is truncated. */
export function globalCrashSuite(g: GlobalBed): void {
  describe('cluster-wide restore: coordinator crash, peer lost', () => {
    it('3. the coordinator killed with -9 during DOWNLOAD and restarted: the same operation completes, no phase runs twice on a node, data intact', async (t) => {
      const backup = await g.backup();
      await g.damage();
      const sourceDir = await g.tempDir('icarus-global-crash-');
      const id = await g.submit(g.restoreBody(sourceDir, { bandwidth: SLOW }), 1);
      const during = await g.phaseUnderWay(id, 1, 'DOWNLOAD');
      await g.sidecars[0].kill9();
      const restarted = Date.now();
      await g.sidecars[0].start();
      const done = await g.end(id, 1);
      assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
      t.diagnostic(`killed at ${Math.round(during.progress * 100)} %; COMPLETED ${((Date.parse(done.completionTime) - restarted) / 1000).toFixed(1)} s after the restart began`);
      assert.deepEqual(done.phases.map((p: any) => p.state), ['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED']);
      for (const node of [1, 2, 3]) {
        const restores = await g.nodeRestores(node, sourceDir);
        const phases = restores.map((o) => o.restorationPhase);
        assert.deepEqual(phases, node === 1 ? ['INIT', 'DOWNLOAD', 'TRUNCATE', 'IMPORT', 'CLEANUP'] : ['INIT', 'DOWNLOAD', 'IMPORT', 'CLEANUP'], `node ${node}: every phase once`);
        assert.ok(restores.every((o) => o.state === 'COMPLETED'));
        assert.equal(restores[1].id, during.nodes[node - 1].operationId, `node ${node}: the DOWNLOAD followed is the one started before the crash`);
      }
      assert.deepEqual(await g.rows(), backup.rows);
    });

    it('4. a peer sidecar stopped during DOWNLOAD: FAILED with an error whose source is that node; later phases do not run (nothing truncated)', async (t) => {
      await g.backup();
      await g.b.ctx.cql.execute(`INSERT INTO ${g.ks3}.t (id, v) VALUES (88888, 'written after the backup')`);
      const sourceDir = await g.tempDir('icarus-global-peer-');
      const id = await g.submit(g.restoreBody(sourceDir, { bandwidth: SLOW }), 3);
      await g.phaseUnderWay(id, 3, 'DOWNLOAD');
      await g.sidecars[1].kill9();
      const stopped = Date.now();
      const done = await g.end(id, 3, 120_000);
      t.diagnostic(`FAILED ${((Date.now() - stopped) / 1000).toFixed(1)} s after node 2's sidecar was killed (grace 5 s, then the other nodes' DOWNLOAD ends)`);
      await g.sidecars[1].start();
      assert.equal(done.state, 'FAILED');
      const node2 = g.b.ctx.bed.nodes[1].ip;
      assert.ok(done.errors.some((e: any) => e.source === node2 && /does not answer/.test(e.message)), JSON.stringify(done.errors));
      assert.deepEqual(done.phases.map((p: any) => p.state), ['COMPLETED', 'FAILED', 'SKIPPED', 'SKIPPED', 'SKIPPED']);
      for (const node of [1, 3]) assert.deepEqual((await g.nodeRestores(node, sourceDir)).map((o) => o.restorationPhase), ['INIT', 'DOWNLOAD'], `node ${node}`);
      assert.ok((await g.rows())[`${g.ks3}.t`].some((r) => r.includes('88888')), 'nothing was truncated');
      // Node 2's own DOWNLOAD resumes in its restarted sidecar; let it end before the next case.
      const [, download] = await g.nodeRestores(2, sourceDir);
      await waitForState(g.url(2), download.id, ['COMPLETED', 'FAILED', 'CANCELLED'], 120_000);
      await g.b.ctx.cql.execute(`DELETE FROM ${g.ks3}.t WHERE id = 88888`);
    });
  });
}
