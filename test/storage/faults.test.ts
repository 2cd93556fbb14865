import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TransferFailedError, type Env } from '../../src/storage/index.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { sha256, writeRandomFile } from '../support/storage-files.js';
import { startStorageTestbed, uniqueBucket, type TargetName } from '../support/storage-targets.js';

/**
 * Acceptance 2: with a proxy failing 10% of requests (500, 503, dropped and cut-off connections),
 * 200 files upload and download intact with retry on; with retry.enabled=false the run fails naming a file.
 */
const CLOUD: readonly TargetName[] = ['s3', 'gcp', 'azure'];
const testbed = await startStorageTestbed(CLOUD);
after(() => testbed.stop());

const FILES = 200;
const RETRY_ON = { concurrentConnections: 10, retry: { enabled: true, maxAttempts: 10, interval: 1, strategy: 'LINEAR' } };
const RETRY_OFF = { concurrentConnections: 10, retry: { enabled: false } };

/** The emulator origin in a target's env, and the same env pointed at the proxy instead. */
function viaProxy(name: TargetName, baseEnv: Env, proxyOrigin: string): { origin: string; env: Env } {
  // Cut-off connections can leave an SDK stream that never ends; the stall guard must catch that
  // quickly here (production default: 5 min).
  const env: Env = { ...baseEnv, ICARUS_STORAGE_STALL_TIMEOUT_MS: '5000' };
  if (name === 's3') return { origin: env.AWS_ENDPOINT as string, env: { ...env, AWS_ENDPOINT: proxyOrigin } };
  if (name === 'gcp') return { origin: env.GCS_ENDPOINT as string, env: { ...env, GCS_ENDPOINT: proxyOrigin } };
  const cs = env.AZURE_STORAGE_CONNECTION_STRING as string;
  const endpoint = new URL(/BlobEndpoint=([^;]+)/.exec(cs)?.[1] as string);
  return {
    origin: endpoint.origin,
    env: { ...env, AZURE_STORAGE_CONNECTION_STRING: cs.replace(endpoint.origin, proxyOrigin) },
  };
}

for (const name of CLOUD) {
  describe(`faults through a flaky proxy: ${name}`, () => {
    const target = testbed.targets.get(name)!;
    let proxy: FaultProxy;
    let proxiedEnv: Env;
    const files: { key: string; path: string; hash: string }[] = [];

    before(async () => {
      proxy = new FaultProxy({ target: viaProxy(name, target.env, '').origin, faultRate: 0, seed: 7 });
      proxiedEnv = viaProxy(name, target.env, await proxy.start()).env;
      for (let i = 0; i < FILES; i++) {
        // Mostly small files plus a few multi-megabyte ones (multipart uploads, ranged resumes).
        const size = i % 40 === 0 ? 3_000_000 + i : 1_000 + ((i * 7919) % 60_000);
        const path = join(testbed.scratch, name, 'src', `f${i}`);
        files.push({ key: `data/ks/t/${i}/nb-${i}-big-Data.db`, path, hash: sha256(await writeRandomFile(path, size)) });
      }
    });
    after(() => proxy.stop());

    it('uploads and downloads 200 files intact with retry enabled', async () => {
      const bucket = uniqueBucket();
      const provider = target.provider(bucket, { ...RETRY_ON, createMissingBucket: true }, proxiedEnv);
      await provider.ensureBucket();
      proxy.faultRate = 0.1;
      const faultsBefore = proxy.stats.faults;
      const keyOf = (k: string) => provider.location.nodeKey(k);
      const uploaded = await provider.uploadFiles(files.map((f) => ({ key: keyOf(f.key), path: f.path })));
      uploaded.forEach((u, i) => assert.equal(u.hash, files[i].hash));
      const downloads = await provider.downloadFiles(
        files.map((f, i) => ({ key: keyOf(f.key), path: join(testbed.scratch, name, bucket, `d${i}`), expectedHash: f.hash })),
      );
      downloads.forEach((d, i) => assert.equal(d.hash, files[i].hash));
      assert.ok(proxy.stats.faults - faultsBefore > 20, `faults were injected: ${proxy.stats.faults - faultsBefore}`);
      proxy.faultRate = 0;
      assert.equal((await target.provider(bucket).list('')).length, FILES, 'every object is stored once, directly visible');
    });

    it('fails naming a file when retry is disabled, for uploads and for downloads', async () => {
      const bucket = uniqueBucket();
      const direct = target.provider(bucket, { createMissingBucket: true });
      await direct.ensureBucket();
      const keys = files.map((f) => direct.location.nodeKey(f.key));
      proxy.faultRate = 0.1;
      const flaky = target.provider(bucket, RETRY_OFF, proxiedEnv);
      const namesAFile = (err: Error) =>
        err instanceof TransferFailedError && keys.some((k) => err.message.includes(k)) && err.failures.length > 0;
      await assert.rejects(flaky.uploadFiles(files.map((f, i) => ({ key: keys[i], path: f.path }))), namesAFile);
      proxy.faultRate = 0;
      await direct.uploadFiles(files.map((f, i) => ({ key: keys[i], path: f.path })));
      proxy.faultRate = 0.1;
      await assert.rejects(
        flaky.downloadFiles(files.map((f, i) => ({ key: keys[i], path: join(testbed.scratch, name, bucket, `d${i}`), expectedHash: f.hash }))),
        namesAFile,
      );
      proxy.faultRate = 0;
    });
  });
}
