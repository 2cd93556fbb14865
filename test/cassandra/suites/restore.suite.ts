import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { http } from '../../support/sidecar.js';
import type { BackupBed } from '../backup-bed.js';

/**
 * Restores on a running node over REST, checked row by row: IMPORT and HARDLINKS through every
 * phase (each run twice), from every provider, with two data directories, into a re-created table,
 * renamed into another table, restricted to one table, and the refusals at the door.
 */
export function restoreSuite(b: BackupBed): void {
  describe('restore (IMPORT and HARDLINKS)', () => {
    const download = () => mkdtemp(join(tmpdir(), 'icarus-restore-'));
    const tables = () => [`${b.ks}.plain`, `${b.ks}.indexed`, `${b.ks}.coll`, `${b.ks2}.other`];
    const snapshot = async () => Object.fromEntries(await Promise.all(tables().map(async (t) => [t, await b.rows(t)])));
    const destroy = async () => {
      await b.ctx.cql.execute(`TRUNCATE ${b.ks}.plain`);
      await b.ctx.cql.execute(`DELETE FROM ${b.ks}.indexed WHERE id IN (1, 2, 3)`);
      await b.ctx.cql.execute(`INSERT INTO ${b.ks}.coll (id, tags) VALUES (99999, {'after the backup'})`);
      await b.ctx.cql.execute(`UPDATE ${b.ks2}.other SET v = 'changed' WHERE id = 5`);
    };
    const indexAnswers = async () => (await b.ctx.cql.execute(`SELECT id FROM ${b.ks}.indexed WHERE v = 'v3'`)).rows.map((r) => r.get('id') as number).sort((x, y) => x - y);

    for (const [provider, strategy, node] of [['s3', 'IMPORT', 1], ['gcp', 'HARDLINKS', 1], ['azure', 'IMPORT', 1], ['file', 'HARDLINKS', 2]] as const) {
      it(`${strategy} from ${provider} on node ${node}: every row back, the index answers, every phase twice`, async () => {
        const before = await snapshot();
        const expectedIndex = await indexAnswers();
        const backup = await b.run({ type: 'backup', storageLocation: b.location(provider), createMissingBucket: true, entities: `${b.ks},${b.ks2}`, snapshotTag: `r-${provider}` }, node);
        await destroy();
        assert.notDeepEqual(await snapshot(), before);
        const sourceDir = await download();
        const phases = await b.restore({ storageLocation: backup.storageLocation, snapshotTag: `r-${provider}`, restorationStrategyType: strategy, import: { sourceDir } }, node);
        assert.ok(phases.some((p) => p.downloadedFiles > 0), 'DOWNLOAD fetched files');
        assert.ok(phases.some((p) => p.verifiedExistingFiles > 0 && p.downloadedFiles === 0), 'the second DOWNLOAD only verified them');
        assert.deepEqual(await snapshot(), before, 'exactly the rows of the backup');
        assert.deepEqual(await indexAnswers(), expectedIndex, 'the secondary index answers');
        assert.deepEqual(await readdir(sourceDir).catch(() => []), [], 'CLEANUP removed the downloads');
      });
    }

    it('restores into a table dropped and re-created since the backup (a new table id)', async () => {
      const before = await b.rows(`${b.ks}.coll`);
      const backup = await b.run({ type: 'backup', storageLocation: b.location('file'), entities: `${b.ks}.coll`, snapshotTag: 'recreated' });
      await b.ctx.cql.execute(`DROP TABLE ${b.ks}.coll`);
      await b.ctx.cql.execute(`CREATE TABLE ${b.ks}.coll (id int PRIMARY KEY, tags set<text>, attrs map<text, int>) WITH compaction = {'class': 'SizeTieredCompactionStrategy', 'enabled': 'false'}`);
      assert.deepEqual(await b.rows(`${b.ks}.coll`), []);
      await b.restore({ storageLocation: backup.storageLocation, snapshotTag: 'recreated', restorationStrategyType: 'IMPORT', import: { sourceDir: await download() }, entities: `${b.ks}.coll` }, 1, undefined, false);
      assert.deepEqual(await b.rows(`${b.ks}.coll`), before);
    });

    it('renames a table into another one; entities limit the restore to one table, the others untouched', async () => {
      await b.ctx.cql.execute(`CREATE TABLE IF NOT EXISTS ${b.ks}.plain_copy (id int PRIMARY KEY, v text)`);
      const plain = await b.rows(`${b.ks}.plain`);
      const backup = await b.run({ type: 'backup', storageLocation: b.location('file'), entities: b.ks, snapshotTag: 'renamed' });
      await b.ctx.cql.execute(`INSERT INTO ${b.ks}.plain (id, v) VALUES (77777, 'after')`);
      await b.ctx.cql.execute(`INSERT INTO ${b.ks}.indexed (id, v) VALUES (77777, 'after')`);
      const indexed = await b.rows(`${b.ks}.indexed`);
      await b.restore({
        storageLocation: backup.storageLocation, snapshotTag: 'renamed', restorationStrategyType: 'IMPORT', import: { sourceDir: await download() },
        entities: `${b.ks}.plain`, rename: { [`${b.ks}.plain`]: `${b.ks}.plain_copy` },
      }, 1, undefined, false);
      assert.deepEqual(await b.rows(`${b.ks}.plain_copy`), plain, 'the copy holds the backup of plain');
      assert.ok((await b.rows(`${b.ks}.plain`)).some((r) => r.includes('77777')), 'plain itself untouched');
      assert.deepEqual(await b.rows(`${b.ks}.indexed`), indexed, 'tables outside entities untouched');
      await b.ctx.cql.execute(`DELETE FROM ${b.ks}.plain WHERE id = 77777`);
      await b.ctx.cql.execute(`DELETE FROM ${b.ks}.indexed WHERE id = 77777`);
    });

    it('with empty entities, truncates only the tables in the backup (Esop truncated every table of the node)', async () => {
      const backup = await b.run({ type: 'backup', storageLocation: b.location('file'), entities: b.ks2, snapshotTag: 'narrow' });
      await b.ctx.cql.execute(`CREATE TABLE ${b.ks2}.newer (id int PRIMARY KEY)`);
      await b.ctx.cql.execute(`INSERT INTO ${b.ks2}.newer (id) VALUES (1)`);
      const body = { storageLocation: backup.storageLocation, snapshotTag: 'narrow', restorationStrategyType: 'IMPORT', import: { sourceDir: await download() } };
      const done = await b.restore(body, 1, ['DOWNLOAD', 'TRUNCATE'], false);
      assert.deepEqual(done[1].truncatedTables, [`${b.ks2}.other`]);
      assert.deepEqual(await b.rows(`${b.ks2}.newer`), ['{"id":1}']);
      await b.restore(body, 1, ['IMPORT', 'CLEANUP'], false);
    });

    it('refuses bad restore requests with 400 naming the field', async () => {
      const base = { type: 'restore', storageLocation: b.location('file'), snapshotTag: 'x', restorationStrategyType: 'IMPORT', restorationPhase: 'DOWNLOAD', import: { sourceDir: '/tmp/x' } };
      const dataDir = b.ctx.bed.nodes[0].dataDir;
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ restorationPhase: undefined }, 'restorationPhase'],
        [{ restorationPhase: 'CLUSTER_HEALTHCHECK' }, 'restorationPhase'],
        [{ restorationStrategyType: 'SIDEWAYS' }, 'restorationStrategyType'],
        [{ restorationStrategyType: 'IN_PLACE' }, 'restorationPhase'],
        [{ import: undefined }, 'import.sourceDir'],
        [{ import: { sourceDir: join(dataDir, 'inside') } }, 'import.sourceDir'],
        [{ restoreSystemKeyspace: true }, 'restoreSystemKeyspace'],
        [{ snapshotTag: undefined }, 'snapshotTag'],
        [{ entities: `${b.ks}.plain`, rename: { [`${b.ks}.plain`]: `${b.ks}.plain` } }, 'rename'],
        [{ entities: b.ks, rename: { [`${b.ks}.plain`]: `${b.ks}.plain_copy` } }, 'entities'],
        [{ entities: `${b.ks}.plain`, rename: { [`${b.ks}.plain`]: `${b.ks}.nosuch` } }, 'entities'],
        // A cluster-wide restore starts at INIT (or DOWNLOAD, as Icarus 2 clients such as CassKop send it), never later.
        [{ globalRequest: true, restorationPhase: 'TRUNCATE' }, 'restorationPhase'],
      ];
      for (const [body, field] of cases) {
        const response = await http(b.url(1), 'POST', '/operations', { ...base, ...body });
        assert.equal(response.status, 400, `${JSON.stringify(body)}: ${response.text}`);
        assert.ok(response.json.errors.some((e: { field: string }) => e.field === field), `${JSON.stringify(body)} names ${field}: ${response.text}`);
      }
      const inPlace = await http(b.url(1), 'POST', '/operations', { ...base, restorationStrategyType: 'IN_PLACE', restorationPhase: undefined, import: undefined, storageLocation: b.location('file') });
      assert.equal(inPlace.status, 409, `IN_PLACE while the node runs: ${inPlace.text}`);
      await rm('/tmp/x', { recursive: true, force: true });
    });
  });
}
