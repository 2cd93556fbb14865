import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { processMetricsRegistry } from '../../src/metrics/prometheus.js';
import { bucketKey, type StorageProvider } from '../../src/storage/index.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { parsePrometheus, sampleValue } from '../support/prometheus.js';
import { FaultyStore } from '../support/storage-faulty-store.js';
import { writeRandomFile } from '../support/storage-files.js';
import { startStorageTestbed, uniqueBucket } from '../support/storage-targets.js';

/**
 * The storage series of /metrics, counted where the bytes move: exact byte counts for uploads and
 * downloads (a resumed download counts only what it fetched again), and one retry per failed try.
 */
const testbed = await startStorageTestbed(['file', 's3']);
after(() => testbed.stop());
const registry = processMetricsRegistry(); // installs the sink, as the server does

async function counter(name: string, labels: Record<string, string>): Promise<number> {
  return sampleValue(parsePrometheus(await registry.metrics()), name, labels) ?? 0;
}
const bytes = (provider: string, direction: string) => counter('icarus_storage_transferred_bytes_total', { provider, direction });
const retries = (provider: string) => counter('icarus_storage_retries_total', { provider });
const RETRY = { retry: { enabled: true, maxAttempts: 5, interval: 1, strategy: 'LINEAR' }, createMissingBucket: true };

async function files(dir: string, sizes: number[]): Promise<Array<{ key: ReturnType<typeof bucketKey>; path: string }>> {
  return Promise.all(sizes.map(async (size, i) => {
    const path = join(testbed.scratch, dir, `f${i}`);
    await writeRandomFile(path, size);
    return { key: bucketKey(`${dir}/f${i}`), path };
  }));
}

describe('storage metrics', () => {
  it('file://: uploads, downloads and text reads count their exact bytes', async () => {
    const provider = testbed.targets.get('file')!.provider(uniqueBucket(), RETRY);
    await provider.ensureBucket();
    const items = await files('exact', [1000, 20_000, 300_000]);
    const [up, down] = [await bytes('file', 'upload'), await bytes('file', 'download')];
    await provider.uploadFiles(items);
    assert.equal(await bytes('file', 'upload'), up + 321_000);
    await provider.downloadFiles(items.map((i) => ({ key: i.key, path: `${i.path}.back`, expectedHash: null })));
    assert.equal(await bytes('file', 'download'), down + 321_000);
    await provider.uploadText(bucketKey('manifest.json'), '{"a":1}');
    assert.equal(await provider.downloadText(bucketKey('manifest.json')), '{"a":1}');
    assert.equal(await bytes('file', 'upload'), up + 321_007);
    assert.equal(await bytes('file', 'download'), down + 321_007);
  });

  it('each failed try that is tried again is one retry; a resumed download counts only the rest', async () => {
    const target = testbed.targets.get('file')!;
    const faults = new FaultyStore();
    const bucket = uniqueBucket();
    await target.provider(bucket, RETRY).ensureBucket();
    const provider: StorageProvider = target.wrappedProvider(bucket, (s) => faults.wrap(s), RETRY);
    const items = await files('retried', [5000, 5000, 5000]);
    const before = await retries('file');
    faults.failWrites = 2;
    await provider.uploadFiles(items);
    assert.equal(await retries('file'), before + 2);

    const down = await bytes('file', 'download');
    faults.breakReads = 1;
    faults.breakReadAfter = 1500;
    await provider.downloadFile(items[0].key, `${items[0].path}.resumed`, null);
    assert.equal(await retries('file'), before + 3);
    assert.deepEqual(faults.readOffsets.slice(-2), [0, 1500], 'the second try continued after the 1500 bytes kept');
    assert.equal(await bytes('file', 'download'), down + 5000);
  });

  it('s3 behind a proxy answering 503 to a share of requests: every fault is one retry', async () => {
    const s3 = testbed.targets.get('s3')!;
    const proxy = new FaultProxy({ target: s3.env.AWS_ENDPOINT as string, faultRate: 0, faults: ['status503'], seed: 11 });
    const env = { ...s3.env, AWS_ENDPOINT: await proxy.start() };
    try {
      const provider = s3.provider(uniqueBucket(), RETRY, env);
      await provider.ensureBucket();
      const items = await files('s3', Array.from({ length: 20 }, (_, i) => 2000 + i));
      const [before, up] = [await retries('s3'), await bytes('s3', 'upload')];
      proxy.faultRate = 0.25;
      await provider.uploadFiles(items);
      proxy.faultRate = 0;
      assert.ok(proxy.stats.faults > 0);
      assert.equal(await retries('s3'), before + proxy.stats.faults);
      assert.ok((await bytes('s3', 'upload')) >= up + items.reduce((sum, _, i) => sum + 2000 + i, 0));
    } finally {
      await proxy.stop();
    }
  });
});
