import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { BackupBed } from '../backup-bed.js';

/** Node 3's primary range on the 3-node bed (its token and the one before it in the ring). */
const NODE3_RANGE = 'token(id) > -3074457345618258603 AND token(id) <= 3074457345618258602';

/**
 * IN_PLACE on a stopped node: node 3 is stopped, its table files wiped, rows written after the
 * backup elsewhere; the restore brings its data directories back to the backup and empties its
 * commit log; once started, node 3 holds exactly the backup's rows (RF 1: they live only there).
 */
export function restoreInPlaceSuite(b: BackupBed): void {
  describe('restore IN_PLACE on a stopped node', () => {
    const ks = `ip_${randomBytes(3).toString('hex')}`;
    const node3 = () => b.ctx.bed.nodes[2];
    const rowsOfNode3 = async () =>
      (await b.ctx.cql.execute(`SELECT id, v FROM ${ks}.t WHERE ${NODE3_RANGE}`, [], { consistency: 1, fetchSize: 10_000 })).rows.map((r) => `${r.get('id')}=${r.get('v')}`).sort();

    it('node 3 down, data wiped: IN_PLACE restores its backup; started again, it holds exactly the backup\'s rows', async () => {
      await b.ctx.cql.execute(`CREATE KEYSPACE ${ks} WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 1}`);
      await b.ctx.cql.execute(`CREATE TABLE ${ks}.t (id int PRIMARY KEY, v text)`);
      for (let id = 0; id < 90; id++) await b.ctx.cql.execute(`INSERT INTO ${ks}.t (id, v) VALUES (?, ?)`, [id, `v${id}`], { prepare: true, consistency: 1 });
      const backup = await b.run({ type: 'backup', storageLocation: b.location('file'), entities: ks, snapshotTag: 'in-place' }, 3);
      const expected = await rowsOfNode3();
      assert.ok(expected.length > 10, `node 3 holds ${expected.length} rows`);
      for (let id = 1000; id < 1030; id++) await b.ctx.cql.execute(`INSERT INTO ${ks}.t (id, v) VALUES (?, ?)`, [id, 'after the backup'], { prepare: true, consistency: 1 });
      assert.notDeepEqual(await rowsOfNode3(), expected, 'rows written after the backup reached node 3');

      await b.ctx.bed.stopNode(3);
      try {
        for (const dir of node3().dataDirs) await rm(join(dir, ks), { recursive: true, force: true });
        const done = await b.run({
          type: 'restore', storageLocation: backup.storageLocation, snapshotTag: 'in-place', restorationStrategyType: 'IN_PLACE',
          cassandraConfigDirectory: node3().confDir, updateCassandraYaml: true,
        }, 3);
        assert.ok(done.downloadedFiles > 0, JSON.stringify(done));
        assert.deepEqual(await readdir(node3().commitlogDir), [], 'the real commitlog directory was emptied (Esop cleaned a "commitlogs" that does not exist)');
        const again = await b.run({ type: 'restore', storageLocation: backup.storageLocation, snapshotTag: 'in-place', restorationStrategyType: 'IN_PLACE', cassandraConfigDirectory: node3().confDir }, 3);
        assert.equal(again.downloadedFiles, 0, 'a second run only verifies');
        assert.equal(again.keptFiles, done.downloadedFiles);
      } finally {
        await b.ctx.bed.startNode(3);
      }
      assert.deepEqual(await rowsOfNode3(), expected, 'exactly the rows of the backup, none written after it');
    });
  });
}
