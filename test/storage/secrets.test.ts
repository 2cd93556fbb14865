import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { StorageAccessError } from '../../src/storage/index.js';
import { startStorageTestbed, uniqueBucket } from '../support/storage-targets.js';

/** Wrong credentials fail as access errors (not retried) and the secrets never show up in the error. */
const testbed = await startStorageTestbed(['s3', 'azure']);
after(() => testbed.stop());

function assertNoSecret(err: unknown, secrets: string[]): void {
  const seen = `${(err as Error).message}\n${(err as Error).stack}\n${JSON.stringify(err)}`;
  for (const secret of secrets) assert.ok(!seen.includes(secret), 'a secret leaked into the error');
}

describe('credentials and secrets', () => {
  it('s3: a wrong secret key is an access error that does not contain the key', async () => {
    const s3 = testbed.targets.get('s3')!;
    const secret = 'Wrong-Secret-Key-0123456789';
    const provider = s3.provider(uniqueBucket(), {}, { ...s3.env, AWS_SECRET_ACCESS_KEY: secret });
    await assert.rejects(provider.ensureBucket(), (err: Error) => {
      assert.ok(err instanceof StorageAccessError, err.message);
      assertNoSecret(err, [secret]);
      return true;
    });
  });

  it('azure: a wrong account key (shared key or connection string) is an access error without the key', async () => {
    const azure = testbed.targets.get('azure')!;
    const cs = azure.env.AZURE_STORAGE_CONNECTION_STRING!;
    const endpoint = /BlobEndpoint=([^;]+)/.exec(cs)![1];
    const wrongKey = Buffer.from('definitely-not-the-azurite-key-000').toString('base64');
    const sharedKey = azure.provider(uniqueBucket(), { createMissingBucket: true }, {
      AZURE_STORAGE_ACCOUNT: 'devstoreaccount1',
      AZURE_STORAGE_KEY: wrongKey,
      AZURE_STORAGE_ENDPOINT: endpoint,
    });
    const wrongCs = cs.replace(/AccountKey=[^;]+/, `AccountKey=${wrongKey}`);
    const viaString = azure.provider(uniqueBucket(), { createMissingBucket: true }, { AZURE_STORAGE_CONNECTION_STRING: wrongCs });
    for (const provider of [sharedKey, viaString]) {
      await assert.rejects(provider.ensureBucket(), (err: Error) => {
        assert.ok(err instanceof StorageAccessError, err.message);
        assertNoSecret(err, [wrongKey, wrongCs]);
        return true;
      });
    }
  });

  it('azure: account + key with AZURE_STORAGE_ENDPOINT works against Azurite', async () => {
    const azure = testbed.targets.get('azure')!;
    const cs = azure.env.AZURE_STORAGE_CONNECTION_STRING!;
    const provider = azure.provider(uniqueBucket(), { createMissingBucket: true }, {
      AZURE_STORAGE_ACCOUNT: 'devstoreaccount1',
      AZURE_STORAGE_KEY: /AccountKey=([^;]+)/.exec(cs)![1],
      AZURE_STORAGE_ENDPOINT: /BlobEndpoint=([^;]+)/.exec(cs)![1],
    });
    await provider.ensureBucket();
    await provider.uploadText(provider.location.nodeKey('k'), 'v');
    assert.equal(await provider.downloadText(provider.location.nodeKey('k')), 'v');
  });
});
