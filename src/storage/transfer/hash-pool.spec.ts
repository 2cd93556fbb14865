import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CancelledError } from '../../common/errors.js';
import { hashFileInWorker } from './hash-pool.js';
import { createDigest, hashFile } from './hashing.js';

describe('hash pool', () => {
  let dir: string;
  const files: { path: string; data: Buffer }[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'icarus-hash-pool-'));
    // Sizes around the workers' read buffer (256 KiB), and an empty file.
    for (const size of [0, 1, 256 * 1024, 256 * 1024 + 1, 3 * 1024 * 1024 + 7]) {
      const data = randomBytes(size);
      const path = join(dir, `f${size}`);
      await writeFile(path, data);
      files.push({ path, data });
    }
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const inStream = (algorithm: 'SHA-256' | 'CRC', data: Buffer) => {
    const digest = createDigest(algorithm);
    digest.update(data);
    return digest.digest();
  };

  it('hashes as the in-stream digest does, many files at once, with their lengths', async () => {
    const jobs = files.flatMap((f) => (['SHA-256', 'CRC'] as const).map(async (algorithm) => ({ f, algorithm, out: await hashFileInWorker(f.path, algorithm) })));
    for (const { f, algorithm, out } of await Promise.all(jobs)) {
      assert.equal(out.hash, inStream(algorithm, f.data));
      assert.equal(out.bytes, f.data.length);
    }
    assert.equal(await hashFile(files[1].path, 'NONE'), null);
  });

  it('reports a missing file with its errno code, and keeps serving', async () => {
    await assert.rejects(hashFileInWorker(join(dir, 'missing'), 'SHA-256'), (err: NodeJS.ErrnoException) => err.code === 'ENOENT');
    assert.equal(await hashFile(files[2].path, 'SHA-256'), inStream('SHA-256', files[2].data));
  });

  it('drops queued jobs when cancelled', async () => {
    const controller = new AbortController();
    const jobs = Array.from({ length: 20 }, () => hashFileInWorker(files[4].path, 'SHA-256', controller.signal));
    controller.abort();
    const outcomes = await Promise.allSettled(jobs);
    assert.ok(outcomes.some((o) => o.status === 'rejected' && o.reason instanceof CancelledError), 'queued jobs were cancelled');
  });
});
