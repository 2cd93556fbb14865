import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { manifestEntries } from '../../../src/backups/manifest.js';
import { StorageLocation } from '../../../src/storage/index.js';
import { runEsop } from '../../support/esop.js';
import { http } from '../../support/sidecar.js';
import type { BackupBed } from '../backup-bed.js';
import { manifestsAt } from '../bucket-check.js';

const run = promisify(execFile);

/**
 * Restores from what Esop wrote, the request CassKop sends, and the ways a restore must refuse:
 * a corrupted object, a full disk, a tag that only prefixes another, a second restore at once.
 */
export function restoreEdgesSuite(b: BackupBed): void {
  describe('restore: other writers, other clients, refusals', () => {
    const download = () => mkdtemp(join(tmpdir(), 'icarus-restore-'));
    const table = () => `${b.ks2}.other`;
    const importBody = async (storageLocation: string, snapshotTag: string) => ({
      storageLocation, snapshotTag, restorationStrategyType: 'IMPORT', import: { sourceDir: await download() }, entities: b.ks2,
    });

    it('restores a backup Esop 3.0.1 wrote (every row back)', async () => {
      const before = await b.rows(table());
      const location = `file://${b.fileRoot}/esop-written/cl/dc1/node1`;
      const node = b.ctx.bed.nodes[0];
      const esop = await runEsop(['backup', '--jmx-service', node.jmx!, `--storage-location=${location}`, '--data-dir', node.dataDir, '--entities', b.ks2, '--snapshot-tag', 'esop1'], { timeoutMs: 180_000 });
      assert.equal(esop.code, 0, esop.stdout.slice(-2000));
      await b.ctx.cql.execute(`TRUNCATE ${table()}`);
      await b.restore(await importBody(location, 'esop1'), 1, undefined, false);
      assert.deepEqual(await b.rows(table()), before);
    });

    it('accepts the restore request CassKop sends (HARDLINKS, DOWNLOAD, host id from the topology file) and completes', async () => {
      const backup = await b.run({ type: 'backup', storageLocation: 's3://bucket', createMissingBucket: true, entities: b.ks2, snapshotTag: 'snap1', uploadClusterTopology: true });
      const node1 = (await http(b.url(1), 'GET', '/topology')).json.topology.find((n: { ipAddress: string }) => n.ipAddress === b.ctx.bed.nodes[0].ip);
      const byHostname = StorageLocation.parse(backup.storageLocation).updateNodeId(node1.hostname).rawLocation;
      const sourceDir = await download();
      const body = `{"type":"restore","storageLocation":"${byHostname}","snapshotTag":"snap1","restorationPhase":"DOWNLOAD","globalRequest":false,"restorationStrategyType":"HARDLINKS","import":{"type":"import","sourceDir":"${sourceDir}"},"resolveHostIdFromTopology":true}`;
      const done = await b.runToEnd(JSON.parse(body));
      assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
      assert.equal(done.storageLocation, backup.storageLocation, 'the host name was resolved to the host id through the topology file');
      assert.ok(done.downloadedFiles > 0);
    });

    it('a corrupted object fails DOWNLOAD naming the file; nothing is truncated', async () => {
      const before = await b.rows(table());
      const backup = await b.run({ type: 'backup', storageLocation: b.location('file'), entities: b.ks2, snapshotTag: 'corrupt' });
      const node = StorageLocation.parse(backup.storageLocation);
      const [stored] = await manifestsAt(b.inspect(backup.storageLocation), backup.storageLocation);
      const victim = Object.values(Object.values(stored.manifest.snapshot.keyspaces[b.ks2].tables)[0].sstables)[0].find((e) => e.objectKey.endsWith('-Data.db'))!;
      await writeFile(join(node.fileBackupDirectory!, node.bucket, node.nodePath, victim.objectKey), Buffer.alloc(victim.size, 7));
      const done = await b.runToEnd({ type: 'restore', ...(await importBody(backup.storageLocation, 'corrupt')), restorationPhase: 'DOWNLOAD' });
      assert.equal(done.state, 'FAILED');
      assert.match(JSON.stringify(done.errors), new RegExp(victim.objectKey.split('/').pop()!.replace('.', '\\.')));
      assert.deepEqual(await b.rows(table()), before, 'the table is as it was');
    });

    it('not enough disk for the download: fails before fetching anything, with both numbers', { skip: process.getuid?.() !== 0 && 'mounting a small tmpfs needs root' }, async () => {
      const backup = await b.run({ type: 'backup', storageLocation: b.location('file'), entities: b.ks2, snapshotTag: 'full-disk' });
      const small = await mkdtemp(join(tmpdir(), 'icarus-small-'));
      await run('mount', ['-t', 'tmpfs', '-o', 'size=4k', 'tmpfs', small]);
      try {
        const done = await b.runToEnd({ type: 'restore', ...(await importBody(backup.storageLocation, 'full-disk')), import: { sourceDir: join(small, 'dl') }, restorationPhase: 'DOWNLOAD' });
        assert.equal(done.state, 'FAILED');
        assert.match(done.errors[0].message, /Not enough space on the filesystem holding .*: \d+ bytes needed \(the download: \d+\), \d+ bytes free; nothing was downloaded/);
        assert.deepEqual(await readdir(join(small, 'dl')).catch(() => []), [], 'nothing downloaded');
      } finally {
        await run('umount', [small]);
        await rm(small, { recursive: true, force: true });
      }
    });

    it('the disk fills up during DOWNLOAD: fails naming the full disk, leaves no partial file; nothing is truncated', { skip: process.getuid?.() !== 0 && 'mounting a small tmpfs needs root' }, async (t) => {
      const before = await b.rows(table());
      const backup = await b.run({ type: 'backup', storageLocation: b.location('file'), entities: b.ks2, snapshotTag: 'fills-up' });
      const [stored] = await manifestsAt(b.inspect(backup.storageLocation), backup.storageLocation);
      const sizes = manifestEntries(stored.manifest).map(({ entry }) => entry.size);
      const PAGE = 4096;
      const bytes = sizes.reduce((a, s) => a + s, 0);
      const pages = sizes.reduce((a, s) => a + Math.ceil(s / PAGE) * PAGE, 0);
      // Free space that passes the up-front check (bytes to fetch ≤ free) but not the download itself:
      // a tmpfs gives each file whole pages, so the files need `pages` bytes.
      const free = Math.ceil(bytes / PAGE) * PAGE + PAGE;
      assert.ok(pages > free + 2 * PAGE, `${sizes.length} files of ${bytes} bytes need ${pages} bytes of pages`);
      const small = await mkdtemp(join(tmpdir(), 'icarus-fills-'));
      await run('mount', ['-t', 'tmpfs', '-o', `size=${pages + 1024 * 1024}`, 'tmpfs', small]);
      try {
        const fs = await statfs(small);
        await writeFile(join(small, 'filler'), Buffer.alloc(fs.bavail * fs.bsize - free));
        const done = await b.runToEnd({ type: 'restore', ...(await importBody(backup.storageLocation, 'fills-up')), import: { sourceDir: join(small, 'dl') }, restorationPhase: 'DOWNLOAD' });
        assert.equal(done.state, 'FAILED');
        assert.match(done.errors[0].message, /no space left/i);
        const left = await readdir(join(small, 'dl'), { recursive: true }).catch(() => [] as string[]);
        assert.deepEqual(left.filter((f) => f.endsWith('.icarus-partial')), [], 'no partial file left');
        t.diagnostic(`${sizes.length} files, ${bytes} bytes (${pages} in pages), ${free} bytes free: ${done.errors[0].message.slice(0, 200)}`);
      } finally {
        await run('umount', [small]);
        await rm(small, { recursive: true, force: true });
      }
      assert.deepEqual(await b.rows(table()), before, 'the table is as it was');
    });

    it('a tag picks only its own backups (snap1 never snap10-… or snap1x-…), the latest one; exactSchemaVersion pins the schema', async () => {
      const location = b.location('file');
      const tags: Record<string, string> = {};
      for (const tag of ['pick', 'pick', 'pick10', 'pickx']) tags[tag] = (await b.run({ type: 'backup', storageLocation: location, entities: b.ks2, snapshotTag: tag })).snapshotTag;
      assert.ok(tags.pick10 > tags.pick && tags.pickx > tags.pick, 'the look-alikes are newer, so a prefix match would pick them');
      const init = await b.run({ type: 'restore', ...(await importBody(location, 'pick')), restorationPhase: 'INIT' });
      assert.equal(init.manifestName, tags.pick, 'the latest backup tagged exactly "pick"');
      const wrongSchema = await b.runToEnd({ type: 'restore', ...(await importBody(location, 'pick')), restorationPhase: 'INIT', exactSchemaVersion: true, schemaVersion: '00000000-0000-0000-0000-000000000000' });
      assert.equal(wrongSchema.state, 'FAILED');
      assert.match(wrongSchema.errors[0].message, /no manifest requested found/i);
    });

    it('reads the hash algorithm from the manifest: a CRC backup restores without saying so', async () => {
      const before = await b.rows(table());
      const backup = await b.run({ type: 'backup', storageLocation: b.location('file'), entities: b.ks2, snapshotTag: 'crc', hashAlgorithm: 'CRC' });
      await b.ctx.cql.execute(`TRUNCATE ${table()}`);
      await b.restore(await importBody(backup.storageLocation, 'crc'), 1, undefined, false);
      assert.deepEqual(await b.rows(table()), before);
    });

    it('noDeleteDownloads keeps the downloads; a second restore while one runs is refused with 409', async () => {
      const backup = await b.run({ type: 'backup', storageLocation: b.location('file'), entities: b.ks2, snapshotTag: 'keep' });
      const body = await importBody(backup.storageLocation, 'keep');
      await b.restore({ ...body, noDeleteDownloads: true }, 1, ['DOWNLOAD', 'CLEANUP'], false);
      assert.ok((await readdir(body.import.sourceDir)).includes(b.ks2), 'downloads kept');
      const slow = await http(b.url(1), 'POST', '/operations', { type: 'restore', ...body, import: { sourceDir: await download() }, restorationPhase: 'DOWNLOAD', bandwidth: '1KBPS' });
      assert.equal(slow.status, 201, slow.text);
      const second = await http(b.url(1), 'POST', '/operations', { type: 'restore', ...body, restorationPhase: 'DOWNLOAD' });
      assert.equal(second.status, 409, second.text);
      await http(b.url(1), 'DELETE', `/operations/${slow.json.id}`);
      await mkdir(body.import.sourceDir, { recursive: true });
    });
  });
}
