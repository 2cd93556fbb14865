import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { RunningServer } from '../../../src/cli/server/start-server.js';
import { freePort } from '../../support/ports.js';
import { startTestSidecar, waitForState, http } from '../../support/sidecar.js';
import type { BackupBed } from '../backup-bed.js';

const run = promisify(execFile);
const OFF = "WITH compaction = {'class': 'SizeTieredCompactionStrategy', 'enabled': 'false'}";

/**
 * Issue 16, defect 8: a restore that would fill a disk fails before it changes anything, naming the
 * disk — for every data directory an IN_PLACE restore writes to, and for a commit-log restore —
 * and so does a HARDLINKS restore whose links could not be made (another filesystem). The
 * stopped node is a stand-in (its Jolokia and native ports refuse connections, its cassandra.yaml
 * names two data directories on tmpfs), so no node of the bed goes down. Mounting tmpfs needs root.
 */
export function restoreSpaceSuite(b: BackupBed): void {
  describe('restore: a disk that would fill', { skip: process.getuid?.() !== 0 && 'mounting a small tmpfs needs root' }, () => {
    const mounts: string[] = [];
    let sidecar: RunningServer;
    let conf: string;
    let big: string;
    let small: string;
    let commitlog: string;
    const mount = async (size: string) => {
      const dir = await mkdtemp(join(tmpdir(), 'icarus-space-'));
      await run('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
      mounts.push(dir);
      return dir;
    };
    before(async () => {
      [big, small] = [await mount('64m'), await mount('4k')];
      commitlog = await mkdtemp(join(tmpdir(), 'icarus-space-commitlog-'));
      await writeFile(join(commitlog, 'CommitLog-7-1.log'), randomBytes(1024));
      conf = await mkdtemp(join(tmpdir(), 'icarus-space-conf-'));
      await writeFile(join(conf, 'cassandra.yaml'), `rpc_address: 127.0.0.1\nnative_transport_port: ${await freePort()}\n` +
        `data_file_directories: [${big}/data, ${small}/data]\ncommitlog_directory: ${commitlog}\n`);
      sidecar = await startTestSidecar(b.redisUrl, { jolokiaUrl: `http://127.0.0.1:${await freePort()}/jolokia/`, cassandraConfigDir: conf }, b.env);
    });
    after(async () => {
      await sidecar?.close();
      for (const dir of mounts) await run('umount', [dir]).catch(() => undefined);
      for (const dir of [...mounts, commitlog, conf]) if (dir) await rm(dir, { recursive: true, force: true });
    });
    const end = async (body: Record<string, unknown>) => {
      const response = await http(sidecar.url, 'POST', '/operations', body);
      assert.equal(response.status, 201, response.text);
      return waitForState(sidecar.url, response.json.id, ['COMPLETED', 'FAILED', 'CANCELLED'], 120_000);
    };

    it('IN_PLACE: the second data directory cannot hold its share; fails naming it, nothing downloaded, deleted or emptied', async () => {
      const ks = `sp_${randomBytes(3).toString('hex')}`;
      await b.ctx.cql.execute(`CREATE KEYSPACE ${ks} WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3}`);
      await b.ctx.cql.execute(`CREATE TABLE ${ks}.t (id int PRIMARY KEY, v text) ${OFF}`);
      for (const batch of [0, 100]) {
        for (let id = batch; id < batch + 50; id++) await b.ctx.cql.execute(`INSERT INTO ${ks}.t (id, v) VALUES (?, ?)`, [id, randomBytes(100).toString('hex')], { prepare: true });
        await b.ctx.node1.storageService.forceKeyspaceFlush(ks, ['t']);
      }
      const backup = await b.run({ type: 'backup', storageLocation: b.location('file'), entities: ks, snapshotTag: 'space' });
      const tableDir = join(big, 'data', ks, (await readdir(join(b.ctx.bed.nodes[0].dataDir, ks)))[0]);
      await mkdir(tableDir, { recursive: true });
      await writeFile(join(tableDir, 'oa-9-big-Data.db'), 'a file the restore would delete');
      const done = await end({ type: 'restore', restorationStrategyType: 'IN_PLACE', storageLocation: backup.storageLocation, snapshotTag: 'space', cassandraConfigDirectory: conf });
      assert.equal(done.state, 'FAILED');
      assert.match(done.errors[0].message, new RegExp(`Not enough space .*${small}`));
      assert.deepEqual(await readdir(tableDir), ['oa-9-big-Data.db'], 'nothing downloaded, nothing deleted');
      assert.deepEqual(await readdir(join(small, 'data')).catch(() => []), []);
      assert.deepEqual(await readdir(commitlog), ['CommitLog-7-1.log'], 'the commit log was not emptied');
    });

    it('HARDLINKS with the download directory on another filesystem: DOWNLOAD fails at once, before anything is downloaded or truncated', async () => {
      const before = await b.rows(`${b.ks2}.other`);
      const backup = await b.run({ type: 'backup', storageLocation: b.location('file'), entities: `${b.ks2}.other`, snapshotTag: 'apart' });
      const body = { type: 'restore', storageLocation: backup.storageLocation, snapshotTag: 'apart', restorationStrategyType: 'HARDLINKS', entities: `${b.ks2}.other`, import: { sourceDir: join(big, 'links') } };
      const done = await b.runToEnd({ ...body, restorationPhase: 'DOWNLOAD' });
      assert.equal(done.state, 'FAILED');
      assert.match(done.errors[0].message, /HARDLINKS needs the download directory .* on the filesystem of the data directories/);
      assert.deepEqual(await readdir(join(big, 'links')).catch(() => []), [], 'nothing downloaded');
      assert.equal((await b.runToEnd({ ...body, restorationPhase: 'TRUNCATE' })).state, 'FAILED', 'nor truncated');
      assert.deepEqual(await b.rows(`${b.ks2}.other`), before);
    });

    it('commit-log restore: segments that do not fit the download directory fail before the live commit log is moved aside', async () => {
      const archive = await mkdtemp(join(tmpdir(), 'icarus-space-archive-'));
      for (const n of [1, 2]) await writeFile(join(archive, `CommitLog-7-${n}.log`), randomBytes(64 * 1024));
      const location = b.location('file');
      await b.run({ type: 'commitlog-backup', storageLocation: location, commitLogArchiveOverride: archive });
      await rm(archive, { recursive: true, force: true });
      const done = await end({
        type: 'commitlog-restore', storageLocation: location, cassandraCommitLogDirectory: commitlog, cassandraConfigDirectory: conf,
        commitlogDownloadDir: join(small, 'segments'), timestampStart: 0, timestampEnd: Date.now() + 60_000,
      });
      assert.equal(done.state, 'FAILED');
      assert.match(done.errors[0].message, new RegExp(`Not enough space .*${small}`));
      assert.deepEqual(await readdir(commitlog), ['CommitLog-7-1.log'], 'the live commit log stayed where it was');
      assert.deepEqual(await readdir(join(small, 'segments')).catch(() => []), [], 'nothing downloaded');
    });
  });
}
