import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { manifestEntries } from '../../../src/backups/manifest.js';
import { StorageLocation } from '../../../src/storage/index.js';
import type { BackupBed } from '../backup-bed.js';
import { manifestsAt, verifyObjects } from '../bucket-check.js';

const MAIN = fileURLToPath(new URL('../../../src/main.js', import.meta.url));

/**
 * list and remove-backup over REST and through `icarus esop` on the same bucket, and the
 * commit-log backup: what each leaves in the bucket.
 */
export function backupManageSuite(b: BackupBed): void {
  describe('list, remove-backup, the esop CLI and commit-log backups', () => {
    const esop = async (args: string[]) => {
      const stateDir = await mkdtemp(join(tmpdir(), 'icarus-cli-state-'));
      const jolokia = ['--jolokia-url', b.ctx.bed.nodes[0].jolokiaUrl];
      return runCli(['esop', ...args, ...(['backup', 'list', 'remove-backup', 'commitlog-backup'].includes(args[0]) ? jolokia : [])], { ...b.env, ICARUS_DATA_DIR: stateDir });
    };

    it('lists and removes backups over REST and with `icarus esop`, deleting only what no remaining backup uses', async () => {
      const first = await b.run({ type: 'backup', storageLocation: b.location('s3'), createMissingBucket: true, entities: b.ks2, snapshotTag: 'one' });
      const location = first.storageLocation as string;
      await b.write(1000, 5);
      await b.flushAll();
      const cli = await esop(['backup', '--sl', location, '--entities', b.ks2, '-s', 'two']);
      assert.equal(cli.code, 0, cli.stderr);
      await b.write(2000, 5);
      await b.flushAll();
      const third = await b.run({ type: 'backup', storageLocation: location, entities: b.ks2, snapshotTag: 'three' });

      const listed = (await b.run({ type: 'list', storageLocation: location, toRequest: true })).response;
      const names = listed.reports.map((r: { name: string }) => r.name.split('-')[0]);
      assert.deepEqual(names, ['three', 'two', 'one'], 'newest first');
      const table = await esop(['list', '--sl', location]);
      assert.equal(table.code, 0, table.stderr);
      for (const r of listed.reports) assert.ok(table.stdout.includes(r.name), `the CLI lists ${r.name}`);
      const file = join(await mkdtemp(join(tmpdir(), 'icarus-list-')), 'listing.txt');
      await b.run({ type: 'list', storageLocation: location, toFile: file, simpleFormat: true });
      assert.deepEqual((await readFile(file, 'utf8')).split('\n').map((l) => l.trim()).filter(Boolean), listed.reports.map((r: { name: string }) => r.name));
      const json = await esop(['list', '--sl', location, '--json']);
      assert.deepEqual(JSON.parse(json.stdout).reports.map((r: { name: string; size: number }) => [r.name, r.size]), listed.reports.map((r: { name: string; size: number }) => [r.name, r.size]));

      const storage = b.inspect(location);
      const before = await objectCount(b, location);
      const dry = await b.run({ type: 'remove-backup', storageLocation: location, backupName: listed.reports[1].name, dry: true });
      assert.deepEqual(dry.removedBackups, [listed.reports[1].name]);
      assert.equal(await objectCount(b, location), before, 'a dry run deletes nothing');

      const removed = await b.run({ type: 'remove-backup', storageLocation: location, backupName: listed.reports[1].name });
      assert.equal(removed.deletedObjects, listed.reports[1].reclaimableSpace > 0 ? listed.reports[1].removableEntries.length : 0);
      assert.equal(await objectCount(b, location), before - removed.deletedObjects - 1, 'its own objects and its manifest are gone');
      for (const { manifest } of await manifestsAt(storage, location)) await verifyObjects(storage, location, manifest);

      const oldest = await esop(['remove-backup', '--sl', location, '--oldest']);
      assert.equal(oldest.code, 0, oldest.stderr);
      const left = await manifestsAt(storage, location);
      assert.deepEqual(left.map((m) => m.name), [third.snapshotTag]);
      await verifyObjects(storage, location, left[0].manifest);
      assert.equal(await objectCount(b, location), manifestEntries(left[0].manifest).length + 1, 'only the last backup remains');

      await new Promise((r) => setTimeout(r, 1100));
      await b.run({ type: 'remove-backup', storageLocation: location, olderThan: '1s' });
      assert.equal(await objectCount(b, location), 0);
      await storage.close();
    });

    it('backs up commit-log segments once each, over REST and with `icarus esop commitlog-backup`', async () => {
      const location = b.location('file');
      const commitlogDir = await b.ctx.node1.storageService.commitLogLocation();
      const segments = (await readdir(commitlogDir)).filter((f) => /^CommitLog-\d+-\d+\.log$/.test(f));
      assert.ok(segments.length > 0);
      const done = await b.run({ type: 'commitlog-backup', storageLocation: location });
      assert.ok(done.uploadedSegments >= segments.length - 1, JSON.stringify(done));
      const node = StorageLocation.parse(location);
      const stored = await readdir(join(node.fileBackupDirectory!, node.bucket, node.nodePath, 'commitlog'));
      for (const segment of segments) {
        const mtime = Math.trunc((await stat(join(commitlogDir, segment))).mtimeMs);
        assert.ok(stored.some((s) => s.startsWith(`${segment}.`)), `${segment} stored (mtime ${mtime})`);
      }
      const one = segments[0];
      const cli = await esop(['commitlog-backup', '--sl', location, '--commit-log', join(commitlogDir, one)]);
      assert.equal(cli.code, 0, cli.stderr);
      const again = await b.run({ type: 'commitlog-backup', storageLocation: location, cassandraCommitLogDirectory: commitlogDir });
      assert.ok(again.skippedSegments >= 1, JSON.stringify(again));
    });
  });
}

async function objectCount(b: BackupBed, location: string): Promise<number> {
  const storage = b.inspect(location);
  const count = (await storage.list(StorageLocation.parse(location).nodePath + '/')).length;
  await storage.close();
  return count;
}

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
