import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GlobalBed } from '../global-bed.js';

/**
 * A cluster-wide drill of an RF 2 table: every node restores its own backup into the one scratch
 * table the coordinator made, checks its token ranges against its recorded digests, and the
 * coordinator's total counts each token range once (three nodes hold each row twice).
 */
export function globalDrillSuite(g: GlobalBed): void {
  describe('cluster-wide restore drill', () => {
    it('recordDigests on a cluster-wide backup; the cluster-wide drill is ok with every row once; no scratch keyspace left', async () => {
      const table = `${g.ks2}.t`;
      const location = g.b.location('s3');
      const rows = (await g.b.rows(table)).length;
      const backup = await g.run({ type: 'backup', globalRequest: true, storageLocation: location, createMissingBucket: true, entities: g.ks2, snapshotTag: 'gdrill', recordDigests: true }, 1);
      const done = await g.end(await g.submit({ type: 'drill', globalRequest: true, storageLocation: location, snapshotTag: backup.snapshotTag, entities: table }, 2), 2, 600_000);
      assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
      assert.equal(done.ok, true, JSON.stringify(done.mismatches));
      assert.equal(done.rows, rows);
      assert.deepEqual(done.nodes.map((n: { state: string }) => n.state), ['COMPLETED', 'COMPLETED', 'COMPLETED']);
      assert.ok(done.bytes > 0 && done.rtoSecondsPerGiB > 0, JSON.stringify([done.bytes, done.rtoSecondsPerGiB]));
      const scratch = (await g.b.ctx.cql.execute('SELECT keyspace_name FROM system_schema.keyspaces')).rows.filter((r) => String(r.get('keyspace_name')).startsWith('drill_'));
      assert.deepEqual(scratch, []);
    });
  });
}
