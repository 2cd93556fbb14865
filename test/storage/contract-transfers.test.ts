import assert from 'node:assert/strict';
import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CancelledError } from '../../src/common/errors.js';
import { HashMismatchError, PARTIAL_SUFFIX, TransferFailedError } from '../../src/storage/index.js';
import { FaultyStore } from '../support/storage-faulty-store.js';
import { fileSha256, sha256, writeRandomFile } from '../support/storage-files.js';
import { startStorageTestbed } from '../support/storage-targets.js';

/** Second half of the contract: resume, verification, retry and cancellation, against every backend. */
const testbed = await startStorageTestbed();
after(() => testbed.stop());

const RETRY_ON = { retry: { enabled: true, maxAttempts: 3, interval: 1, strategy: 'LINEAR' } };
const RETRY_OFF = { retry: { enabled: false, maxAttempts: 3, interval: 1 } };

async function missing(path: string): Promise<boolean> {
  return access(path).then(
    () => false,
    () => true,
  );
}

for (const target of testbed.targets.values()) {
  describe(`storage transfer contract: ${target.name}`, () => {
    const local = (name: string) => join(testbed.scratch, target.name, name);

    it('resumes a download from its partial file with a ranged read', async () => {
      const provider = await target.freshProvider();
      const data = await writeRandomFile(local('resume/src'), 2_000_000);
      const key = provider.location.nodeKey('data/ks/t/1/big');
      await provider.uploadFile(key, local('resume/src'));
      await writeFile(local('resume/dst') + PARTIAL_SUFFIX, data.subarray(0, 750_000));
      const out = await provider.downloadFile(key, local('resume/dst'), sha256(data));
      assert.equal(out.resumedFrom, 750_000);
      assert.equal(await fileSha256(local('resume/dst')), sha256(data));
      assert.ok(await missing(local('resume/dst') + PARTIAL_SUFFIX));
      const again = await provider.downloadFile(key, local('resume/dst'), sha256(data));
      assert.equal(again.skipped, true, 'a local file with the right hash is not downloaded again');
    });

    it('deletes the local file and names it when the hash does not match', async () => {
      const provider = await target.freshProvider(RETRY_OFF);
      await writeRandomFile(local('verify/src'), 300_000);
      const key = provider.location.nodeKey('data/ks/t/1/v');
      await provider.uploadFile(key, local('verify/src'));
      const wrong = sha256('something else');
      await assert.rejects(provider.downloadFile(key, local('verify/dst'), wrong), (err: Error) => {
        assert.ok(err instanceof HashMismatchError);
        assert.match(err.message, new RegExp(`Hash mismatch for ${key}: expected ${wrong}, got [0-9a-f]{64}; deleted local file`));
        return true;
      });
      assert.ok(await missing(local('verify/dst')));
      assert.ok(await missing(local('verify/dst') + PARTIAL_SUFFIX));
      await assert.rejects(
        provider.downloadFiles([{ key, path: local('verify/dst2'), expectedHash: wrong }]),
        (err: Error) => err instanceof TransferFailedError && err.message.startsWith(`Unable to download some files successfully: ${key}`),
      );
    });

    it('retries failed uploads and broken downloads when retry is enabled, resuming where the bytes stopped', async () => {
      const faults = new FaultyStore();
      const probe = await target.freshProvider();
      const provider = target.wrappedProvider(probe.location.bucket, (s) => faults.wrap(s), RETRY_ON);
      const data = await writeRandomFile(local('retry/src'), 3_000_000);
      const key = provider.location.nodeKey('data/ks/t/1/r');
      faults.failWrites = 2;
      const up = await provider.uploadFile(key, local('retry/src'));
      assert.equal(faults.writeAttempts, 3);
      assert.equal(up.hash, sha256(data));
      faults.breakReads = 1;
      faults.breakReadAfter = 1_200_000;
      const down = await provider.downloadFile(key, local('retry/dst'), sha256(data));
      // The retry reads on from the bytes that reached the disk before the break (at most 1,200,000).
      assert.equal(faults.readOffsets.length, 2);
      assert.ok(faults.readOffsets[1] > 0 && faults.readOffsets[1] <= 1_200_000, `resumed at ${faults.readOffsets[1]}`);
      assert.equal(down.resumedFrom, faults.readOffsets[1]);
      assert.deepEqual(await readFile(local('retry/dst')), data);
    });

    it('does not retry when retry.enabled is false', async () => {
      const faults = new FaultyStore();
      const probe = await target.freshProvider();
      const provider = target.wrappedProvider(probe.location.bucket, (s) => faults.wrap(s), RETRY_OFF);
      await writeRandomFile(local('noretry/src'), 10_000);
      const key = provider.location.nodeKey('data/ks/t/1/n');
      faults.failWrites = 1;
      await assert.rejects(provider.uploadFiles([{ key, path: local('noretry/src') }]), (err: Error) => {
        assert.ok(err instanceof TransferFailedError);
        assert.match(err.message, new RegExp(`^Unable to upload some files successfully: ${key} \\(first error: injected write failure\\)`));
        return true;
      });
      assert.equal(faults.writeAttempts, 1);
    });

    it('cancels uploads and downloads in flight through the AbortSignal', async () => {
      const provider = await target.freshProvider({ bandwidth: { value: 4, unit: 'MBPS' } });
      await writeRandomFile(local('cancel/src'), 8_000_000);
      const key = provider.location.nodeKey('data/ks/t/1/c');
      const abortAt = (controller: AbortController) => (p: { transferredBytes: number }) => {
        if (p.transferredBytes > 1_000_000) controller.abort();
      };
      const upload = new AbortController();
      await assert.rejects(
        provider.uploadFile(key, local('cancel/src'), { signal: upload.signal, onProgress: abortAt(upload) }),
        CancelledError,
      );
      const full = target.provider(provider.location.bucket);
      await full.uploadFile(key, local('cancel/src'));
      const download = new AbortController();
      await assert.rejects(
        provider.downloadFiles([{ key, path: local('cancel/dst'), expectedHash: null }], {
          signal: download.signal,
          onProgress: abortAt(download),
        }),
        CancelledError,
      );
      assert.ok(await missing(local('cancel/dst')), 'a cancelled download leaves only its partial file');
    });
  });
}
