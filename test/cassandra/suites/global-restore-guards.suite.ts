import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { http } from '../../support/sidecar.js';
import type { GlobalBed } from '../global-bed.js';

/** Issue 16, defects 5 and 6: a cluster-wide restore restores one backup everywhere, and never truncates what it cannot restore. */
export function globalRestoreGuardsSuite(g: GlobalBed): void {
  describe('cluster-wide restore: one backup on every node, no truncate beyond the DCs restored', () => {
    it('5. a tag whose latest backup only node 1 has: INIT fails naming the nodes that lack it, before anything is truncated', async () => {
      const { location } = await g.backup();
      const entities = `${g.ks3},${g.ks2}`;
      const everywhere = await g.run({ type: 'backup', globalRequest: true, storageLocation: location, entities, snapshotTag: 'mixed' }, 1);
      await g.b.ctx.cql.execute(`INSERT INTO ${g.ks3}.t (id, v) VALUES (77778, 'written after the cluster-wide backup')`);
      const onlyNode1 = await g.run({ type: 'backup', storageLocation: location, entities, snapshotTag: 'mixed' }, 1);
      assert.ok(onlyNode1.snapshotTag > everywhere.snapshotTag, 'node 1 has a newer backup of the tag');
      const sourceDir = await g.tempDir('icarus-global-mixed-');
      const done = await g.end(await g.submit(g.restoreBody(sourceDir, { snapshotTag: 'mixed' }), 2), 2);
      assert.equal(done.state, 'FAILED', JSON.stringify(done.errors));
      assert.equal(done.manifestName, onlyNode1.snapshotTag, 'the coordinator resolved one name: the latest of the tag');
      assert.deepEqual(done.phases.map((p: any) => p.state), ['FAILED', 'SKIPPED', 'SKIPPED', 'SKIPPED', 'SKIPPED']);
      const messages = JSON.stringify(done.errors);
      for (const view of done.nodes.slice(1)) assert.ok(messages.includes(view.hostId), `the errors name node ${view.node} (${view.hostId}): ${messages}`);
      assert.ok(!messages.includes(done.nodes[0].hostId), `node 1 has the backup: ${messages}`);
      for (const node of [1, 2, 3]) {
        const restores = await g.nodeRestores(node, sourceDir);
        assert.deepEqual(restores.map((o) => [o.restorationPhase, o.snapshotTag]), [['INIT', onlyNode1.snapshotTag]], `node ${node} was asked for exactly that backup`);
      }
      assert.ok((await g.rows())[`${g.ks3}.t`].some((r) => r.includes('77778')), 'nothing was truncated');
      await g.b.ctx.cql.execute(`DELETE FROM ${g.ks3}.t WHERE id = 77778`);
    });

    it('6. dc with a restore that truncates (a CQL truncate reaches every DC): 400 naming dc and the strategy or phase', async () => {
      await g.backup();
      const sourceDir = await g.tempDir('icarus-global-dc-');
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ dc: 'dc1' }, 'restorationStrategyType'],
        [{ dc: 'dc1', restorationStrategyType: 'HARDLINKS' }, 'restorationStrategyType'],
        [{ dc: 'dc1', singlePhase: true, restorationPhase: 'TRUNCATE' }, 'restorationPhase'],
      ];
      for (const [extra, other] of cases) {
        const refused = await http(g.url(1), 'POST', '/operations', g.restoreBody(sourceDir, extra));
        assert.equal(refused.status, 400, `${JSON.stringify(extra)}: ${refused.text}`);
        const fields = refused.json.errors.map((e: { field: string }) => e.field);
        assert.ok(fields.includes('dc') && fields.includes(other), `${JSON.stringify(extra)} names dc and ${other}: ${refused.text}`);
      }
    });
  });
}
