import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createStorageProvider, type DownloadItem, parseStorageRequestOptions, StorageLocation, type StorageProvider, TransferFailedError } from '../../src/storage/index.js';
import { writeRandomFile } from '../support/storage-files.js';

const run = promisify(execFile);

/**
 * Disk full while downloading (issue 11, fault tolerance): a batch download into a 1 MiB tmpfs
 * fails for good (no retry can help), says the disk is full, and leaves no partial file behind,
 * also none kept from an earlier interrupted attempt. Needs root to mount the tmpfs.
 */
describe('disk full while downloading', { skip: process.getuid?.() !== 0 && 'mounting a small tmpfs needs root' }, () => {
  let scratch: string;
  let small: string;
  let provider: StorageProvider;
  const items: DownloadItem[] = [];

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'icarus-disk-full-'));
    small = join(scratch, 'small');
    await run('mkdir', ['-p', small]);
    await run('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', small]);
    const options = parseStorageRequestOptions({ concurrentConnections: 4, retry: { enabled: true, maxAttempts: 3, interval: 5 } });
    provider = createStorageProvider(StorageLocation.parse(`file://${scratch}/bucket/c/dc/n`), options, {});
    for (let i = 0; i < 8; i++) {
      const source = join(scratch, 'src', `f${i}`);
      await writeRandomFile(source, 300_000 + i);
      const key = provider.location.nodeKey(`data/ks/t/nb-${i}-big-Data.db`);
      const { hash } = await provider.uploadFile(key, source);
      items.push({ key, path: join(small, 'dl', `f${i}`), expectedHash: hash });
    }
  });
  after(async () => {
    await provider?.close();
    await run('umount', [small]).catch(() => undefined);
    await rm(scratch, { recursive: true, force: true });
  });

  it('fails at once naming the full disk; no partial file is left, old ones included; no retry', async (t) => {
    await run('mkdir', ['-p', join(small, 'dl')]);
    await writeFile(items[7].path + '.icarus-partial', Buffer.alloc(10_000, 1)); // from an earlier, interrupted attempt
    const started = Date.now();
    const error = await provider.downloadFiles(items).then(() => undefined, (err: unknown) => err);
    const seconds = (Date.now() - started) / 1000;
    assert.ok(error instanceof TransferFailedError, String(error));
    assert.match(error.message, /No space left on the device holding .* while downloading .*; the partial file was removed/);
    assert.equal(error.retryable, false);
    assert.ok(seconds < 4, `failed in ${seconds} s: not retried (the retry interval is 5 s)`);
    const left = await readdir(join(small, 'dl'));
    assert.deepEqual(left.filter((f) => f.endsWith('.icarus-partial')), [], `left: ${left.join(', ')}`);
    t.diagnostic(`failed after ${seconds.toFixed(2)} s; complete files kept: ${left.length} of ${items.length}; ${error.message.slice(0, 160)}`);
  });
});
