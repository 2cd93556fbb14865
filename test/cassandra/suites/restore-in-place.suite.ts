import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { open, readdir, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { manifestEntries, type Manifest } from '../../../src/backups/manifest.js';
import { Repairs } from '../../../src/cassandra/repairs.js';
import { hashFile, StorageLocation } from '../../../src/storage/index.js';
import { waitUntil } from '../../support/testbed.js';
import type { BackupBed } from '../backup-bed.js';
import { liveComponents, manifestComponents, manifestsAt } from '../bucket-check.js';

/** Node 3's primary range on the 3-node bed (its token and the one before it in the ring). */
const NODE3_RANGE = 'token(id) > -3074457345618258603 AND token(id) <= 3074457345618258602';
const OFF = "WITH compaction = {'class': 'SizeTieredCompactionStrategy', 'enabled': 'false'}";

/**
 * IN_PLACE on a stopped node (node 3, stopped and started once for every case): the restore must
 * leave every table it covers with exactly the backup's files, whatever the node did since: data
 * wiped, rows written after the backup, a Statistics.db rewritten by an incremental repair (1), a
 * table with no SSTables in the backup (7), a table dropped and re-created (7), a file of the right
 * size and name but other bytes in a backup without hashes (8). Started again, node 3 serves exactly
 * the backup's rows (RF 1 keyspaces: they live only there).
 */
export function restoreInPlaceSuite(b: BackupBed): void {
  describe('restore IN_PLACE on a stopped node', () => {
    const id = randomBytes(3).toString('hex');
    const [wiped, moved, repaired, noHash] = [`ip_${id}`, `ipq_${id}`, `ipr_${id}`, `ipn_${id}`];
    const node3 = () => b.ctx.bed.nodes[2];
    const facades3 = () => b.ctx.nodes[2];
    const cql = (q: string, params: unknown[] = [], consistency = 1) => b.ctx.cql.execute(q, params, { prepare: true, consistency });
    const rowsOfNode3 = async (table: string) =>
      (await cql(`SELECT id, v FROM ${table} WHERE ${NODE3_RANGE}`, [])).rows.map((r) => `${r.get('id')}=${r.get('v')}`).sort();
    const write = async (table: string, from: number, count: number, value: string, consistency = 1) => {
      for (let i = from; i < from + count; i++) await cql(`INSERT INTO ${table} (id, v) VALUES (?, ?)`, [i, `${value}${i}`], consistency);
    };
    const restore = (storageLocation: string, snapshotTag: string, extra: Record<string, unknown> = {}) =>
      b.runToEnd({ type: 'restore', storageLocation, snapshotTag, restorationStrategyType: 'IN_PLACE', cassandraConfigDirectory: node3().confDir, ...extra }, 3);

    const expected: Record<string, string[]> = {};
    const state: { backup?: any; noHashBackup?: any; manifest?: Manifest; done?: any; again?: any; noHashDone?: any; recreatedDir?: string; emptiedDir?: string; rewritten?: string[]; afterFirst?: Map<string, unknown> } = {};
    let stopped = false;

    before(async () => {
      for (const [ks, rf] of [[wiped, 1], [moved, 1], [repaired, 3], [noHash, 1]] as const) {
        await b.ctx.cql.execute(`CREATE KEYSPACE ${ks} WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': ${rf}}`);
      }
      for (const table of [`${wiped}.t`, `${moved}.recreated`, `${moved}.emptied`, `${repaired}.rep`, `${noHash}.t`]) {
        await b.ctx.cql.execute(`CREATE TABLE ${table} (id int PRIMARY KEY, v text) ${OFF}`);
      }
      await write(`${wiped}.t`, 0, 90, 'v');
      await write(`${moved}.recreated`, 0, 90, 'r');
      await write(`${repaired}.rep`, 0, 60, 'p', 5);
      await write(`${noHash}.t`, 0, 90, 'n');
      for (const node of b.ctx.nodes) for (const ks of [moved, repaired, noHash]) await node.storageService.forceKeyspaceFlush(ks);
      state.backup = await b.run({ type: 'backup', storageLocation: b.location('file'), entities: `${wiped},${moved},${repaired}`, snapshotTag: 'in-place' }, 3);
      state.noHashBackup = await b.run({ type: 'backup', storageLocation: b.location('file'), entities: noHash, snapshotTag: 'no-hash', hashAlgorithm: 'NONE' }, 3);
      state.manifest = (await manifestsAt(b.inspect(state.backup.storageLocation), state.backup.storageLocation))[0].manifest;
      for (const table of [`${wiped}.t`, `${moved}.recreated`, `${noHash}.t`]) expected[table] = await rowsOfNode3(table);
      assert.ok(expected[`${wiped}.t`].length > 10, `node 3 holds ${expected[`${wiped}.t`].length} rows`);

      // What the node does after the backup: rows written, an incremental repair, a table re-created, an empty one filled.
      await write(`${wiped}.t`, 1000, 30, 'after the backup');
      assert.notDeepEqual(await rowsOfNode3(`${wiped}.t`), expected[`${wiped}.t`], 'rows written after the backup reached node 3');
      const before = await liveComponents(node3().dataDirs, [repaired]);
      await incrementalRepair(b, repaired);
      const afterRepair = await liveComponents(node3().dataDirs, [repaired]);
      state.rewritten = [...afterRepair].filter(([k, v]) => before.get(k) && before.get(k)!.hash !== v.hash).map(([k]) => k);
      assert.ok(state.rewritten.length > 0 && state.rewritten.every((k) => k.endsWith('-Statistics.db')), `rewritten in place by the repair: ${state.rewritten}`);
      await b.ctx.cql.execute(`DROP TABLE ${moved}.recreated`);
      await b.ctx.cql.execute(`CREATE TABLE ${moved}.recreated (id int PRIMARY KEY, v text) ${OFF}`);
      await write(`${moved}.recreated`, 0, 90, 'after the backup ');
      await write(`${moved}.emptied`, 0, 90, 'after the backup ');
      await facades3().storageService.forceKeyspaceFlush(moved);
      [state.recreatedDir] = await facades3().tables.dataPaths(moved, 'recreated');
      [state.emptiedDir] = await facades3().tables.dataPaths(moved, 'emptied');
      assert.ok((await readdir(state.emptiedDir)).some((f) => f.endsWith('-Data.db')), 'the emptied table holds SSTables now');

      await b.ctx.bed.stopNode(3);
      stopped = true;
      for (const dir of node3().dataDirs) await rm(join(dir, wiped), { recursive: true, force: true });
      // A Data.db of the right name and size holding other bytes (what size alone cannot tell apart).
      const [noHashDir] = (await readdir(join(node3().dataDirs[0], noHash))).map((d) => join(node3().dataDirs[0], noHash, d));
      const data = (await readdir(noHashDir)).find((f) => f.endsWith('-Data.db'))!;
      await overwriteSameSize(join(noHashDir, data));

      state.done = await restore(state.backup.storageLocation, 'in-place', { updateCassandraYaml: true });
      state.afterFirst = await liveComponents(node3().dataDirs, [repaired]);
      state.again = await restore(state.backup.storageLocation, 'in-place');
      state.noHashDone = await restore(state.noHashBackup.storageLocation, 'no-hash');
    }, { timeout: 10 * 60_000 });
    after(async () => {
      if (stopped) await b.ctx.bed.startNode(3);
    }, { timeout: 5 * 60_000 });

    it('restores a wiped node, empties its commit log; a second run only verifies', () => {
      assert.equal(state.done.state, 'COMPLETED', JSON.stringify(state.done.errors));
      assert.ok(state.done.downloadedFiles > 0, JSON.stringify(state.done));
      assert.equal(state.again.state, 'COMPLETED', JSON.stringify(state.again.errors));
      assert.equal(state.again.downloadedFiles, 0, 'a second run only verifies');
      assert.equal(state.again.keptFiles, state.done.downloadedFiles + state.done.keptFiles);
    });

    it('1. a Statistics.db rewritten by an incremental repair is replaced by the backup\'s, never deleted after its download', async () => {
      assert.deepEqual(state.afterFirst, manifestComponents(state.manifest!, [repaired]), 'right after the first run');
    });

    it('7. a table with no SSTables in the backup is emptied', async () => {
      assert.deepEqual((await readdir(state.emptiedDir!)).filter((f) => f.includes('-big-') || f.includes('-bti-')), []);
    });

    it('7. a table dropped and re-created since the backup gets the backup\'s files in its live (new id) directory', async () => {
      const wanted = [...manifestComponents(state.manifest!, [moved])].filter(([k]) => k.startsWith(`${moved}/recreated/`)).map(([k, v]) => [basename(k), v.hash]);
      const present = await Promise.all((await readdir(state.recreatedDir!)).filter((f) => f.includes('-big-')).map(async (f) => [f, await hashFile(join(state.recreatedDir!, f), 'SHA-256')]));
      assert.ok(wanted.length > 0);
      assert.deepEqual(present.sort(), wanted.sort());
    });

    it('8. without hashes in the manifest, a local file of the right name and size but other bytes is downloaded again', async () => {
      assert.equal(state.noHashDone.state, 'COMPLETED', JSON.stringify(state.noHashDone.errors));
      const stored = (await manifestsAt(b.inspect(state.noHashBackup.storageLocation), state.noHashBackup.storageLocation))[0].manifest;
      const node = StorageLocation.parse(state.noHashBackup.storageLocation);
      const live = await liveComponents(node3().dataDirs, [noHash]);
      for (const { entry } of manifestEntries(stored)) {
        const object = join(node.fileBackupDirectory!, node.bucket, node.nodePath, entry.objectKey);
        const local = [...live].find(([k]) => k.endsWith(`/${basename(entry.objectKey)}`));
        assert.equal(local?.[1].hash, await hashFile(object, 'SHA-256'), `${basename(entry.objectKey)} holds the backup's bytes`);
      }
    });

    it('started again, node 3 holds exactly the backup\'s rows in every restored table', async () => {
      await b.ctx.bed.startNode(3);
      stopped = false;
      for (const [table, rows] of Object.entries(expected)) assert.deepEqual(await rowsOfNode3(table), rows, table);
      assert.deepEqual(await rowsOfNode3(`${moved}.emptied`), [], 'the table empty in the backup is empty');
    });
  });
}

/** An incremental repair of a keyspace from node 1 (RF 3: node 1 holds every range). */
async function incrementalRepair(b: BackupBed, keyspace: string): Promise<void> {
  const repairs = new Repairs(b.ctx.node1.jolokia);
  const command = await repairs.start(keyspace, { incremental: 'true', parallelism: 'parallel' });
  const status = await waitUntil('the repair to end', async () => {
    const s = await repairs.status(command);
    return s.state === 'COMPLETED' || s.state === 'FAILED' ? s : undefined;
  }, 120_000);
  assert.equal(status.state, 'COMPLETED', status.messages.join('; '));
}

/** Flips every byte of a file in place: same name, same size, other content. */
async function overwriteSameSize(path: string): Promise<void> {
  const size = (await stat(path)).size;
  const handle = await open(path, 'r+');
  try {
    const buffer = Buffer.alloc(size);
    await handle.read(buffer, 0, size, 0);
    for (let i = 0; i < size; i++) buffer[i] ^= 0xff;
    await handle.write(buffer, 0, size, 0);
  } finally {
    await handle.close();
  }
}
