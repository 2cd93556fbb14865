import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import { BucketNotFoundError, hashFile, type TransferProgress } from '../../src/storage/index.js';
import { fileSha256, sha256, writeRandomFile } from '../support/storage-files.js';
import { startStorageTestbed, uniqueBucket } from '../support/storage-targets.js';

/** The one contract every backend meets, run unchanged against versitygw, fake-gcs-server, Azurite and file. */
const testbed = await startStorageTestbed();
after(() => testbed.stop());

for (const target of testbed.targets.values()) {
  describe(`storage contract: ${target.name}`, () => {
    const local = (name: string) => join(testbed.scratch, target.name, name);

    it('refuses a missing bucket (file: creates it, as Esop), creates it with createMissingBucket, skips the check with skipBucketVerification', async () => {
      const bucket = uniqueBucket();
      if (target.name === 'file') {
        await target.provider(bucket).ensureBucket();
        const root = target.location(bucket).fileBackupDirectory as string;
        assert.ok((await stat(join(root, bucket))).isDirectory(), 'the bucket directory was created');
        return;
      }
      await assert.rejects(target.provider(bucket).ensureBucket(), (err: Error) => {
        assert.ok(err instanceof BucketNotFoundError);
        assert.equal(err.message, `Bucket ${bucket} does not exist and createMissingBucket in JSON or --create-missing-bucket from console is false! Can not continue!`);
        return true;
      });
      await target.provider(bucket, { skipBucketVerification: true }).ensureBucket();
      const creating = target.provider(bucket, { createMissingBucket: true });
      await creating.ensureBucket();
      await creating.ensureBucket(); // existing bucket: no error
      await target.provider(bucket).ensureBucket();
    });

    it('uploads and downloads files, streams and text with SHA-256 computed while streaming', async () => {
      const provider = await target.freshProvider();
      const data = await writeRandomFile(local('up/a.db'), 3 * 1024 * 1024 + 17);
      const key = provider.location.nodeKey('data/ks/t-1/1-2/a.db');
      const events: TransferProgress[] = [];
      const up = await provider.uploadFile(key, local('up/a.db'), { onProgress: (e) => events.push(e) });
      assert.deepEqual(up, { key, size: data.length, hash: sha256(data) });
      assert.equal(events.at(-1)?.transferredBytes, data.length);

      const down = await provider.downloadFile(key, local('down/a.db'), sha256(data));
      assert.equal(down.skipped, false);
      assert.equal(await fileSha256(local('down/a.db')), sha256(data));

      const streamKey = provider.location.nodeKey('commitlog/c.log');
      const streamed = await provider.uploadStream(streamKey, () => Readable.from([Buffer.from('abc'), Buffer.from('def')]));
      assert.equal(streamed.hash, sha256('abcdef'));
      assert.equal(await provider.downloadText(streamKey), 'abcdef');

      const topology = provider.location.bucketKey('topology/snap-1.json');
      await provider.uploadText(topology, '{"a":"ü"}');
      assert.equal(await provider.downloadText(topology), '{"a":"ü"}');

      const empty = provider.location.nodeKey('data/ks/t-1/1-2/empty-Rows.db');
      await writeFile(local('up/empty'), '');
      assert.equal((await provider.uploadFile(empty, local('up/empty'))).size, 0);
      await provider.downloadFile(empty, local('down/empty'), sha256(''));
      assert.equal((await stat(local('down/empty'))).size, 0);
    });

    it('computes CRC and NONE hashes as Esop writes them', async () => {
      const crcProvider = await target.freshProvider({ hashAlgorithm: 'CRC' });
      const data = await writeRandomFile(local('crc/f'), 100_000);
      const key = crcProvider.location.nodeKey('f');
      const crc = String(crc32(data) >>> 0);
      assert.equal((await crcProvider.uploadFile(key, local('crc/f'))).hash, crc);
      assert.equal(await hashFile(local('crc/f'), 'CRC'), crc);
      await crcProvider.downloadFile(key, local('crc/back'), crc);
      const none = target.provider(crcProvider.location.bucket, { hashAlgorithm: 'NONE' });
      assert.equal((await none.uploadFile(key, local('crc/f'))).hash, null);
      await none.downloadFile(key, local('crc/none'), 'not-checked-with-NONE');
    });

    it('lists by prefix (node keys and bucket-root keys), checks existence and deletes in batches', async () => {
      const provider = await target.freshProvider();
      await writeRandomFile(local('list/f'), 10);
      const keys = ['manifests/m1.json', 'data/ks/t/1/a', 'data/ks/t/1/b', 'data/ks2/t/1/c'].map((k) => provider.location.nodeKey(k));
      for (const key of keys) await provider.uploadFile(key, local('list/f'));
      await provider.uploadText(provider.location.bucketKey('topology/x.json'), '{}');

      const data = await provider.list(provider.location.nodeKey('data/ks/'));
      assert.deepEqual(data.map((o) => o.key), ['cluster1/dc1/node1/data/ks/t/1/a', 'cluster1/dc1/node1/data/ks/t/1/b']);
      assert.equal(data[0].size, 10);
      assert.equal((await provider.list('')).length, 5);
      assert.deepEqual((await provider.list('topology/')).map((o) => o.key), ['topology/x.json']);

      assert.equal(await provider.exists(keys[0]), true);
      await provider.delete([...keys, provider.location.nodeKey('never/was')]);
      assert.equal(await provider.exists(keys[0]), false);
      assert.deepEqual((await provider.list('cluster1/')).map((o) => o.key), []);
    });

    it('freshens as Esop: missing → UPLOAD_REQUIRED, present → FRESHENED, age renewed unless skipRefreshing', async () => {
      const provider = await target.freshProvider();
      const key = provider.location.nodeKey('data/ks/t/1/f');
      assert.equal(await provider.freshen(key), 'UPLOAD_REQUIRED');
      await provider.uploadText(key, 'x');
      const [before] = await provider.list(key);
      // Wait on state: refresh until the store's 1-second timestamp resolution shows a newer time.
      let refreshed = before;
      for (let i = 0; i < (target.name === 's3' ? 1 : 50) && refreshed.lastModified <= before.lastModified; i++) {
        assert.equal(await provider.freshen(key), 'FRESHENED');
        await new Promise((r) => setTimeout(r, 100));
        [refreshed] = await provider.list(key);
      }
      // versitygw keeps the file mtime on a self-copy (AWS does not); s3.test.ts checks the copy's stamp instead.
      if (target.name !== 's3') assert.ok(refreshed.lastModified > before.lastModified, 'refresh renews the object age');
      const skipping = target.provider(provider.location.bucket, { skipRefreshing: true });
      assert.equal(await skipping.freshen(key), 'FRESHENED');
      assert.equal(await skipping.freshen(provider.location.nodeKey('data/none')), 'UPLOAD_REQUIRED');
      assert.equal(await provider.downloadText(key), 'x');
    });

    it('uploads a batch in parallel, skipping objects that freshen finds', async () => {
      const provider = await target.freshProvider({ concurrentConnections: 4 });
      const items = await Promise.all(
        Array.from({ length: 12 }, async (_, i) => {
          await writeRandomFile(local(`batch/${i}`), 1000 + i);
          return { key: provider.location.nodeKey(`data/ks/t/${i}`), path: local(`batch/${i}`) };
        }),
      );
      await provider.uploadFile(items[0].key, items[0].path);
      const results = await provider.uploadFiles(items);
      assert.equal(results.filter((r) => r.skipped).length, 1);
      assert.equal(results[0].skipped, true);
      assert.equal(results[5].size, 1005);
      const downloads = await provider.downloadFiles(
        items.map((it, i) => ({ key: it.key, path: local(`batch-down/${i}`), expectedHash: null })),
      );
      assert.equal(downloads.length, 12);
      assert.deepEqual(await readFile(local('batch-down/7')), await readFile(local('batch/7')));
    });
  });
}
