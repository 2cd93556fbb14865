import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../src/cli/server/start-server.js';
import { bucketKey, createStorageProvider, parseStorageRequestOptions, StorageLocation, storageEnvFromSecret } from '../../src/storage/index.js';
import { parsePrometheus, sampleValue } from '../support/prometheus.js';
import { TestRedis } from '../support/redis-server.js';
import { writeRandomFile } from '../support/storage-files.js';
import { startStorageTestbed, uniqueBucket } from '../support/storage-targets.js';
import { http, startTestSidecar, waitForState } from '../support/sidecar.js';

/**
 * Storage credentials from Kubernetes Secrets mounted as files (CassKop's k8sSecretName), against
 * the real S3 and Azure emulators: the sidecar's own environment holds no credentials at all.
 */
const testbed = await startStorageTestbed(['s3', 'azure']);
after(() => testbed.stop());

const s3Env = testbed.targets.get('s3')!.env;
const azureCs = testbed.targets.get('azure')!.env.AZURE_STORAGE_CONNECTION_STRING as string;
const root = join(testbed.scratch, 'secrets');

function mountSecret(name: string, keys: Record<string, string>): void {
  mkdirSync(join(root, name), { recursive: true });
  for (const [key, value] of Object.entries(keys)) writeFileSync(join(root, name, key), `${value}\n`);
}

mountSecret('backup-creds', {
  awsaccesskeyid: s3Env.AWS_ACCESS_KEY_ID as string,
  awssecretaccesskey: s3Env.AWS_SECRET_ACCESS_KEY as string,
  awsendpoint: s3Env.AWS_ENDPOINT as string,
  awsregion: 'us-east-1',
});
const WRONG_KEY = 'Wrong-Secret-Key-From-The-Secret-42';
mountSecret('wrong-creds', { awsaccesskeyid: s3Env.AWS_ACCESS_KEY_ID as string, awssecretaccesskey: WRONG_KEY, awsendpoint: s3Env.AWS_ENDPOINT as string });
mountSecret('azure-creds', {
  azurestorageaccount: /AccountName=([^;]+)/.exec(azureCs)![1],
  azurestoragekey: /AccountKey=([^;]+)/.exec(azureCs)![1],
});

describe('Kubernetes Secret credentials against real emulators', () => {
  it('azure: account and key from the Secret, endpoint from the environment', async () => {
    const env = storageEnvFromSecret({ AZURE_STORAGE_ENDPOINT: /BlobEndpoint=([^;]+)/.exec(azureCs)![1] }, root, 'azure-creds', 'azure');
    const provider = createStorageProvider(
      StorageLocation.parse(`azure://${uniqueBucket()}/c/dc1/n1`),
      parseStorageRequestOptions({ createMissingBucket: true }),
      env,
    );
    await provider.ensureBucket();
    await provider.uploadText(bucketKey('probe.txt'), 'from a secret');
    assert.equal(await provider.downloadText(bucketKey('probe.txt')), 'from a secret');
  });

  describe('through a sidecar whose environment has no storage credentials', () => {
    let redis: TestRedis;
    let server: RunningServer;
    const bucket = uniqueBucket();
    const location = `s3://${bucket}/cluster1/dc1/node1`;
    let segment: string;
    const SIZE = 70_000;

    before(async () => {
      redis = await TestRedis.start();
      // Only what is no credential: the store wants path-style addressing.
      server = await startTestSidecar(redis.url, { k8sSecretsRoot: root }, { AWS_ENABLE_PATH_STYLE_ACCESS: 'true' });
      segment = join(testbed.scratch, 'commitlog', 'CommitLog-8-1700000000001.log');
      await writeRandomFile(segment, SIZE);
    });
    after(async () => {
      await server?.close();
      await redis?.dispose();
    });

    const backup = (extra: Record<string, unknown>) =>
      http(server.url, 'POST', '/operations', { type: 'commitlog-backup', storageLocation: location, commitLog: segment, createMissingBucket: true, ...extra });

    it('uploads with the credentials of the named Secret; the operation JSON names the Secret, never a value', async () => {
      const scrape = async () => parsePrometheus(await (await fetch(`${server.url}/metrics`)).text());
      const uploaded = sampleValue(await scrape(), 'icarus_storage_transferred_bytes_total', { provider: 's3', direction: 'upload' })!;
      const submitted = await backup({ k8sSecretName: 'backup-creds', k8sNamespace: 'cassandra' });
      assert.equal(submitted.status, 201, submitted.text);
      const done = await waitForState(server.url, submitted.json.id, ['COMPLETED', 'FAILED'], 60_000);
      assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
      assert.equal(done.k8sSecretName, 'backup-creds');
      assert.equal(done.k8sNamespace, 'cassandra');
      const listed = await createStorageProvider(StorageLocation.parse(location), parseStorageRequestOptions({}), s3Env).list('');
      assert.equal(listed.length, 1);
      assert.match(listed[0].key, /cluster1\/dc1\/node1\/commitlog\/CommitLog-8-1700000000001\.log\.\d+$/);
      assert.equal(sampleValue(await scrape(), 'icarus_storage_transferred_bytes_total', { provider: 's3', direction: 'upload' }), uploaded + SIZE);
      const all = (await http(server.url, 'GET', '/operations')).text;
      for (const secret of [s3Env.AWS_SECRET_ACCESS_KEY as string, WRONG_KEY]) assert.ok(!all.includes(secret));
    });

    it('a wrong key in the Secret fails the operation with an access error that does not contain the key', async () => {
      const submitted = await backup({ k8sSecretName: 'wrong-creds' });
      assert.equal(submitted.status, 201, submitted.text);
      const failed = await waitForState(server.url, submitted.json.id, ['COMPLETED', 'FAILED'], 60_000);
      assert.equal(failed.state, 'FAILED');
      assert.ok(!JSON.stringify(failed).includes(WRONG_KEY));
    });

    it('a Secret that is not mounted or has a bad name is a 400 naming k8sSecretName, at once', async () => {
      for (const name of ['not-mounted', '../secrets', 'Backup_Creds']) {
        const refused = await backup({ k8sSecretName: name });
        assert.equal(refused.status, 400, refused.text);
        assert.deepEqual(refused.json.errors.map((e: { field: string }) => e.field), ['k8sSecretName'], refused.text);
      }
      const badNamespace = await backup({ k8sSecretName: 'backup-creds', k8sNamespace: 'Not A Namespace' });
      assert.equal(badNamespace.status, 400);
      assert.equal(badNamespace.json.errors[0].field, 'k8sNamespace');
    });

    it('a file:// location needs no credentials: a Secret named for it need not exist', async () => {
      const dir = join(testbed.scratch, 'file-backups');
      const submitted = await backup({ storageLocation: `file://${dir}/bucket/cluster1/dc1/node1`, k8sSecretName: 'not-mounted' });
      assert.equal(submitted.status, 201, submitted.text);
      assert.equal((await waitForState(server.url, submitted.json.id, ['COMPLETED', 'FAILED'], 60_000)).state, 'COMPLETED');
    });
  });
});
