import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { manifestEntries } from '../../../src/backups/manifest.js';
import type { RunningServer } from '../../../src/cli/server/start-server.js';
import { StorageLocation } from '../../../src/storage/index.js';
import { freePort } from '../../support/ports.js';
import { http, startTestSidecar, waitForState } from '../../support/sidecar.js';
import type { BackupBed } from '../backup-bed.js';
import { manifestsAt } from '../bucket-check.js';

const OFF = "WITH compaction = {'class': 'SizeTieredCompactionStrategy', 'enabled': 'false'}";

/**
 * Issue 16's restore defects on a running node, each the scenario of its number: a leftover restore
 * marker (4), CLEANUP and snapshots it did not make (8), HARDLINKS names a flush takes (8), and what
 * counts as "Cassandra is down" for IN_PLACE (8).
 */
export function restoreGuaranteesSuite(b: BackupBed): void {
  describe('restore guarantees (issue 16)', () => {
    const ks = `rg_${randomBytes(3).toString('hex')}`;
    const download = () => mkdtemp(join(tmpdir(), 'icarus-restore-'));
    const cql = (q: string, params: unknown[] = []) => b.ctx.cql.execute(q, params, { prepare: true });
    const flush = async (table: string) => {
      for (const node of b.ctx.nodes) await node.storageService.forceKeyspaceFlush(ks, [table]);
    };
    const write = async (table: string, from: number, count: number, value = 'v') => {
      for (let id = from; id < from + count; id++) await cql(`INSERT INTO ${ks}.${table} (id, v) VALUES (?, ?)`, [id, `${value}-${id}`]);
      await flush(table);
    };
    before(async () => {
      await b.ctx.cql.execute(`CREATE KEYSPACE ${ks} WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3}`);
      for (const t of ['marker', 'cleanup', 'gens', 'missing']) await b.ctx.cql.execute(`CREATE TABLE ${ks}.${t} (id int PRIMARY KEY, v text) ${OFF}`);
    });

    it('4. a leftover restore marker never makes INIT use an older backup; a pinned backup still obeys exactSchemaVersion', async () => {
      const location = b.location('file');
      const body = { type: 'restore', storageLocation: location, snapshotTag: 'marker', restorationStrategyType: 'IMPORT', entities: `${ks}.marker`, import: { sourceDir: await download() } };
      await write('marker', 0, 10);
      const older = await b.run({ type: 'backup', storageLocation: location, entities: `${ks}.marker`, snapshotTag: 'marker' });
      // A restore abandoned after DOWNLOAD leaves its marker (pinned to the older backup) behind.
      for (const phase of ['INIT', 'DOWNLOAD']) assert.equal((await b.run({ ...body, restorationPhase: phase })).manifestName, older.snapshotTag);
      const pinned = await b.runToEnd({ ...body, restorationPhase: 'TRUNCATE', exactSchemaVersion: true, schemaVersion: '00000000-0000-0000-0000-000000000000' });
      assert.equal(pinned.state, 'FAILED', 'the pinned backup is not of the schema version asked for');
      assert.match(pinned.errors[0].message, /schema version 00000000-0000-0000-0000-000000000000/);
      await write('marker', 10, 10);
      const newer = await b.run({ type: 'backup', storageLocation: location, entities: `${ks}.marker`, snapshotTag: 'marker' });
      const init = await b.run({ ...body, restorationPhase: 'INIT' });
      assert.equal(init.manifestName, newer.snapshotTag, 'INIT resolves the tag anew: the latest backup');
      for (const phase of ['DOWNLOAD', 'TRUNCATE', 'IMPORT', 'CLEANUP']) assert.equal((await b.run({ ...body, restorationPhase: phase })).manifestName, newer.snapshotTag, phase);
      assert.equal((await b.rows(`${ks}.marker`)).length, 20);
    });

    it('8. CLEANUP deletes only the truncated-* snapshots this restore made', async () => {
      await write('cleanup', 0, 10);
      const backup = await b.run({ type: 'backup', storageLocation: b.location('file'), entities: `${ks}.cleanup`, snapshotTag: 'cleanup' });
      await b.ctx.cql.execute(`TRUNCATE ${ks}.cleanup`); // the operator's own truncate, and its snapshot
      const [dir] = await b.ctx.node1.tables.dataPaths(ks, 'cleanup');
      const theirs = (await readdir(join(dir, 'snapshots'))).filter((n) => n.startsWith('truncated-'));
      assert.equal(theirs.length, 1, `the operator's truncate left one snapshot: ${theirs}`);
      const body = { storageLocation: backup.storageLocation, snapshotTag: 'cleanup', restorationStrategyType: 'IMPORT', entities: `${ks}.cleanup`, import: { sourceDir: await download() } };
      const done = await b.restore(body, 1, undefined, false);
      assert.equal((await b.rows(`${ks}.cleanup`)).length, 10);
      assert.deepEqual((await readdir(join(dir, 'snapshots'))).filter((n) => n.startsWith('truncated-')), theirs, "the operator's snapshot is still there, the restore's is gone");
      assert.equal(done.at(-1).deletedTruncatedSnapshots, 1);
    });

    it('8. HARDLINKS: a flush after TRUNCATE takes a generation of the backup; IMPORT still links every file (fresh ids) and loads it', async () => {
      await write('gens', 0, 5);
      await write('gens', 5, 5); // generations 1 and 2
      const backup = await b.run({ type: 'backup', storageLocation: b.location('file'), entities: `${ks}.gens`, snapshotTag: 'gens' });
      const expected = await b.rows(`${ks}.gens`);
      // Re-created: a new table id, whose generations start at 1 again.
      await b.ctx.cql.execute(`DROP TABLE ${ks}.gens`);
      await b.ctx.cql.execute(`CREATE TABLE ${ks}.gens (id int PRIMARY KEY, v text) ${OFF}`);
      await write('gens', 100, 3, 'before'); // generation 1, truncated below
      const body = { type: 'restore', storageLocation: backup.storageLocation, snapshotTag: 'gens', restorationStrategyType: 'HARDLINKS', entities: `${ks}.gens`, import: { sourceDir: await download() } };
      for (const phase of ['INIT', 'DOWNLOAD', 'TRUNCATE']) await b.run({ ...body, restorationPhase: phase });
      await write('gens', 200, 1, 'after'); // the next flush: generation 2, a name the backup also has
      assert.ok((await b.ctx.node1.sstables(ks, 'gens')).some((f) => /-2-big-Data\.db$/.test(f)), 'the flush took generation 2');
      const imported = await b.runToEnd({ ...body, restorationPhase: 'IMPORT' });
      assert.equal(imported.state, 'COMPLETED', JSON.stringify(imported.errors));
      await b.run({ ...body, restorationPhase: 'CLEANUP' });
      assert.deepEqual(await b.rows(`${ks}.gens`), [...expected, '{"id":200,"v":"after-200"}'].sort(), "the backup's rows and the row written after TRUNCATE");
    });

    describe('8. IN_PLACE needs Cassandra confirmed down: connection refused on its native and Jolokia ports', () => {
      let sidecars: RunningServer[] = [];
      let hangUp: Server;
      let conf: string;
      before(async () => {
        hangUp = createServer((socket) => socket.destroy());
        await new Promise<void>((resolve) => hangUp.listen(0, '127.0.0.1', resolve));
        conf = await mkdtemp(join(tmpdir(), 'icarus-conf-'));
        await writeFile(join(conf, 'cassandra.yaml'), `rpc_address: 127.0.0.1\nnative_transport_port: ${await freePort()}\ndata_file_directories: [${await download()}]\n`);
      });
      after(async () => {
        for (const s of sidecars) await s.close();
        hangUp?.close();
      });
      const inPlace = async (jolokiaUrl: string, cassandraConfigDirectory: string, extra: Record<string, unknown> = {}) => {
        const sidecar = await startTestSidecar(b.redisUrl, { jolokiaUrl, cassandraConfigDir: cassandraConfigDirectory }, b.env);
        sidecars.push(sidecar);
        const response = await http(sidecar.url, 'POST', '/operations', {
          type: 'restore', restorationStrategyType: 'IN_PLACE', storageLocation: b.location('file'), snapshotTag: 'none',
          cassandraConfigDirectory, dataDirs: [await download()], ...extra,
        });
        return Object.assign(response, { end: () => waitForState(sidecar.url, response.json.id, ['COMPLETED', 'FAILED', 'CANCELLED'], 60_000) });
      };

      it('Jolokia refuses but the native port answers: 409, nothing runs', async () => {
        const refused = await inPlace(`http://127.0.0.1:${await freePort()}/jolokia/`, b.ctx.bed.nodes[0].confDir);
        assert.equal(refused.status, 409, refused.text);
        assert.match(refused.json.message, new RegExp(`${b.ctx.bed.nodes[0].ip.replace(/\./g, '\\.')}:9042`));
      });

      it('Jolokia fails otherwise (the connection is cut), the native port refuses: not confirmed down, 409', async () => {
        const cut = await inPlace(`http://127.0.0.1:${(hangUp.address() as { port: number }).port}/jolokia/`, conf);
        assert.equal(cut.status, 409, cut.text);
        assert.match(cut.json.message, /Jolokia/);
      });

      it('both refuse: the restore runs; a backup missing an object fails naming it before anything is changed', async () => {
        await write('missing', 0, 10);
        const backup = await b.run({ type: 'backup', storageLocation: b.location('file'), entities: `${ks}.missing`, snapshotTag: 'missing' });
        const [stored] = await manifestsAt(b.inspect(backup.storageLocation), backup.storageLocation);
        const gone = manifestEntries(stored.manifest).find(({ entry }) => entry.objectKey.endsWith('-Index.db'))!.entry.objectKey;
        const node = StorageLocation.parse(backup.storageLocation);
        await rm(join(node.fileBackupDirectory!, node.bucket, node.nodePath, gone));
        const dataDir = await download();
        const tableDir = join(dataDir, gone.split('/')[1], gone.split('/')[2]);
        await mkdir(tableDir, { recursive: true });
        await writeFile(join(tableDir, 'oa-7-big-Data.db'), 'not in the backup');
        const accepted = await inPlace(`http://127.0.0.1:${await freePort()}/jolokia/`, conf, { storageLocation: backup.storageLocation, snapshotTag: 'missing', dataDirs: [dataDir] });
        assert.equal(accepted.status, 201, accepted.text);
        const done = await accepted.end();
        assert.equal(done.state, 'FAILED');
        assert.match(done.errors[0].message, new RegExp(`${gone.split('/').pop()!.replace('.', '\\.')} \\(missing\\).*nothing was downloaded, deleted or emptied`));
        assert.deepEqual(await readdir(tableDir), ['oa-7-big-Data.db'], 'nothing downloaded, nothing deleted');
      });
    });
  });
}
