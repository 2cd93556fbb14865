import assert from 'node:assert/strict';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FaultProxy } from '../support/fault-proxy.js';
import { sha256, writeRandomFile } from '../support/storage-files.js';
import { startStorageTestbed, uniqueBucket } from '../support/storage-targets.js';

/** S3-only behaviour: checksum modes of third-party stores, forward proxies, refresh stamp, SSE-KMS request. */
const testbed = await startStorageTestbed(['s3']);
after(() => testbed.stop());
const target = testbed.targets.get('s3')!;

function rawClient(): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint: target.env.AWS_ENDPOINT,
    forcePathStyle: true,
    credentials: { accessKeyId: target.env.AWS_ACCESS_KEY_ID!, secretAccessKey: target.env.AWS_SECRET_ACCESS_KEY! },
  });
}

describe('s3 specifics', () => {
  for (const mode of ['WHEN_SUPPORTED', 'WHEN_REQUIRED']) {
    it(`round-trips multipart and small objects byte for byte with checksum mode ${mode}`, async () => {
      const env = { ...target.env, AWS_REQUEST_CHECKSUM_CALCULATION: mode, AWS_RESPONSE_CHECKSUM_VALIDATION: mode };
      const provider = target.provider(uniqueBucket(), { createMissingBucket: true }, env);
      await provider.ensureBucket();
      for (const size of [20 * 1024 * 1024 + 5, 1234]) {
        const data = await writeRandomFile(join(testbed.scratch, mode, `src-${size}`), size);
        const key = provider.location.nodeKey(`data/${size}`);
        await provider.uploadFile(key, join(testbed.scratch, mode, `src-${size}`));
        const [info] = await provider.list(key);
        assert.equal(info.size, size, 'stored size equals the file size (no aws-chunked framing stored)');
        await provider.downloadFile(key, join(testbed.scratch, mode, `dst-${size}`), sha256(data));
      }
    });
  }

  it('goes through proxySettings (CONNECT tunnel with Basic auth) and never echoes the proxy password', async () => {
    const password = 'proxy-Secret-123';
    const proxy = new FaultProxy({ target: target.env.AWS_ENDPOINT!, tunnelCredentials: { username: 'u', password } });
    const port = Number(new URL(await proxy.start()).port);
    try {
      const settings = { proxyHost: '127.0.0.1', proxyPort: port, proxyProtocol: 'http', proxyUsername: 'u' };
      const provider = target.provider(uniqueBucket(), {
        createMissingBucket: true,
        proxySettings: { ...settings, proxyPassword: password },
      });
      await provider.ensureBucket();
      await provider.uploadText(provider.location.nodeKey('x'), 'through the tunnel');
      assert.equal(await provider.downloadText(provider.location.nodeKey('x')), 'through the tunnel');
      assert.ok(proxy.stats.tunnels > 0 && proxy.stats.requests === 0, 'all traffic used CONNECT tunnels');

      const wrong = target.provider(provider.location.bucket, { proxySettings: { ...settings, proxyPassword: 'wrong-Password-9' } });
      await assert.rejects(wrong.exists(provider.location.nodeKey('x')), (err: Error) => {
        assert.match(err.message, /407/);
        assert.ok(!err.message.includes('wrong-Password-9') && !JSON.stringify(err).includes('wrong-Password-9'));
        return true;
      });
    } finally {
      await proxy.stop();
    }
  });

  it('refreshes by copying the object onto itself with a last-freshened stamp, unless skipRefreshing', async () => {
    const provider = await target.freshProvider();
    const key = provider.location.nodeKey('data/f');
    await provider.uploadText(key, 'x');
    const client = rawClient();
    const stamp = async () => (await client.send(new HeadObjectCommand({ Bucket: provider.location.bucket, Key: key }))).Metadata?.['last-freshened'];
    assert.equal(await stamp(), undefined);
    const skipping = target.provider(provider.location.bucket, { skipRefreshing: true });
    assert.equal(await skipping.freshen(key), 'FRESHENED');
    assert.equal(await stamp(), undefined);
    assert.equal(await provider.freshen(key), 'FRESHENED');
    assert.ok(Date.parse((await stamp()) ?? '') > 0);
    assert.equal(await provider.downloadText(key), 'x');
    client.destroy();
  });

  it('asks for SSE-KMS with kmsKeyId and re-uploads objects not encrypted under that key', async () => {
    const plain = await target.freshProvider();
    const key = plain.location.nodeKey('data/k');
    await plain.uploadText(key, 'secret data');
    const kms = target.provider(plain.location.bucket, { kmsKeyId: 'alias/backups' });
    // versitygw does not do KMS, so the object is not under this key: freshen must ask for an upload.
    assert.equal(await kms.freshen(key), 'UPLOAD_REQUIRED');
    assert.equal(await plain.freshen(key), 'FRESHENED');
  });
});
