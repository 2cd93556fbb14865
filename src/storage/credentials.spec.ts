import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { azureSecrets, resolveAzureSettings } from './azure/azure-settings.js';
import { resolveGcsSettings } from './gcs/gcs-settings.js';
import { resolveS3Settings } from './s3/s3-settings.js';
import { StorageCredentialsError } from './storage-errors.js';
import { parseStorageRequestOptions } from './storage-options.js';

describe('credential resolution', () => {
  it("azure: Esop's messages for both and for neither way of authenticating", () => {
    assert.throws(
      () => resolveAzureSettings({ AZURE_STORAGE_CONNECTION_STRING: 'x', AZURE_STORAGE_ACCOUNT: 'a', AZURE_STORAGE_KEY: 'k' }, false),
      (err: Error) =>
        err instanceof StorageCredentialsError &&
        err.message ===
          'Both AZURE_STORAGE_CONNECTION_STRING and AZURE_STORAGE_ACCOUNT/AZURE_STORAGE_KEY are set. Please set only one method of authentication.',
    );
    assert.throws(
      () => resolveAzureSettings({ AZURE_STORAGE_ACCOUNT: 'a' }, false),
      (err: Error) =>
        err.message ===
        'Azure credentials are not set. Please set either AZURE_STORAGE_CONNECTION_STRING or both AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY environment variables.',
    );
  });

  it('azure: insecure switches the default endpoint to http; secrets are known for redaction', () => {
    const insecure = resolveAzureSettings({ AZURE_STORAGE_ACCOUNT: 'acc', AZURE_STORAGE_KEY: 'key1' }, true);
    assert.deepEqual(insecure, { kind: 'sharedKey', account: 'acc', key: 'key1', endpoint: 'http://acc.blob.core.windows.net' });
    assert.equal(resolveAzureSettings({ AZURE_STORAGE_ACCOUNT: 'acc', AZURE_STORAGE_KEY: 'k' }, false).kind === 'sharedKey', true);
    const cs = resolveAzureSettings({ AZURE_STORAGE_CONNECTION_STRING: 'AccountName=a;AccountKey=SECRETKEY;' }, false);
    assert.deepEqual(azureSecrets(cs), ['AccountName=a;AccountKey=SECRETKEY;', 'SECRETKEY']);
  });

  it('gcs: a missing key file is refused with Esop’s message; an emulator endpoint gets a project id', () => {
    assert.throws(() => resolveGcsSettings({ GOOGLE_APPLICATION_CREDENTIALS: '/nope.json' }), /GCP credentials file \/nope.json does not exist!/);
    assert.deepEqual(resolveGcsSettings({ GCS_ENDPOINT: 'http://127.0.0.1:1' }), {
      keyFilename: undefined,
      apiEndpoint: 'http://127.0.0.1:1',
      projectId: 'test',
    });
  });

  it('s3: endpoint, path style, static keys, KMS from request or env, default chain otherwise', () => {
    const options = parseStorageRequestOptions({});
    const s = resolveS3Settings(
      { AWS_ENDPOINT: 'http://h:1', AWS_ENABLE_PATH_STYLE_ACCESS: 'TRUE', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_KMS_KEY_ID: 'env-key' },
      options,
    );
    assert.equal(s.region, 'us-east-1');
    assert.equal(s.forcePathStyle, true);
    assert.deepEqual(s.credentials, { accessKeyId: 'a', secretAccessKey: 'b' });
    assert.equal(s.kmsKeyId, 'env-key');
    assert.equal(resolveS3Settings({}, parseStorageRequestOptions({ kmsKeyId: 'req' })).kmsKeyId, 'req');
    const chain = resolveS3Settings({ AWS_REGION: 'eu-west-1' }, options);
    assert.equal(chain.credentials, undefined);
    assert.equal(chain.region, 'eu-west-1');
    assert.equal(chain.endpoint, undefined);
  });
});
