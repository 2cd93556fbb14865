import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { writeRandomFile } from '../support/storage-files.js';
import { startStorageTestbed, uniqueBucket, type TargetName } from '../support/storage-targets.js';

/**
 * Acceptance 3 and 4, the slow ones: a 2 GB file moves with peak RSS < 300 MB, and a 20 MB/s
 * bandwidth limit holds a 200 MB parallel upload at or under 20 MB/s + 15% (the
 * rate it reaches on a quiet machine is printed).
 * STORAGE_RSS_TARGETS=s3,gcp,azure,file widens the memory test (default: s3).
 */
const RSS_TARGETS = (process.env.STORAGE_RSS_TARGETS ?? 's3').split(',') as TargetName[];
const testbed = await startStorageTestbed([...new Set<TargetName>(['s3', ...RSS_TARGETS])]);
after(() => testbed.stop());

const CHILD = fileURLToPath(new URL('../support/storage-large-file-child.js', import.meta.url));
const GB2 = 2 * 1024 * 1024 * 1024;

describe('storage limits', () => {
  // First, before the 2 GB runs leave the disk busy writing back.
  // The limit is a ceiling: a busy machine may go slower (that is load, not a defect), never faster.
  it('bandwidth 20 MBPS keeps a 200 MB parallel upload at or under 20 MB/s + 15%', async () => {
    const target = testbed.targets.get('s3')!;
    const provider = target.provider(uniqueBucket(), {
      createMissingBucket: true,
      concurrentConnections: 10,
      bandwidth: { value: 20, unit: 'MBPS' },
    });
    await provider.ensureBucket();
    const items = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const path = join(testbed.scratch, 'bw', `f${i}`);
        await writeRandomFile(path, 20_000_000);
        return { key: provider.location.nodeKey(`data/bw/${i}`), path };
      }),
    );
    const started = performance.now();
    await provider.uploadFiles(items);
    const rate = 200_000_000 / ((performance.now() - started) / 1000) / 1e6;
    console.log(`bandwidth-limited upload: ${rate.toFixed(2)} MB/s`);
    assert.ok(rate <= 23, `${rate.toFixed(2)} MB/s exceeds the 20 MB/s limit by more than 15%`);
    // Only gross over-throttling (half the limit) fails below: it measured 13 MB/s at load average 24.
    assert.ok(rate >= 10, `${rate.toFixed(2)} MB/s: the limiter holds transfers far under its limit`);
  });

  for (const name of RSS_TARGETS) {
    it(`${name}: a 2 GB file uploads and downloads with peak RSS under 300 MB`, async () => {
      const target = testbed.targets.get(name)!;
      const args = { location: target.location(uniqueBucket()).rawLocation, env: target.env, path: join(testbed.scratch, `big-${name}`), size: GB2 };
      const { stdout } = await promisify(execFile)(process.execPath, [CHILD, JSON.stringify(args)], { timeout: 20 * 60_000 });
      const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { size: number; peakRssMB: number; uploadSeconds: number; downloadSeconds: number };
      console.log(`2 GB via ${name}: ${JSON.stringify(result)}`);
      assert.equal(result.size, GB2);
      assert.ok(result.peakRssMB < 300, `peak RSS ${result.peakRssMB.toFixed(0)} MB`);
    });
  }
});
