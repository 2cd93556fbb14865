import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ValidationError } from '../common/errors.js';
import { storageEnvFromSecret } from './k8s-secret.js';

/** A secrets root laid out as the kubelet mounts a Secret: keys are symlinks into `..data/`. */
function secretsRoot(secrets: Record<string, Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'icarus-secrets-'));
  for (const [name, keys] of Object.entries(secrets)) {
    const data = join(root, name, '..2026_01_01_00_00_00.000000001');
    mkdirSync(data, { recursive: true });
    symlinkSync('..2026_01_01_00_00_00.000000001', join(root, name, '..data'));
    for (const [key, value] of Object.entries(keys)) {
      writeFileSync(join(data, key), value);
      symlinkSync(join('..data', key), join(root, name, key));
    }
  }
  return root;
}

const field = (pattern: RegExp) => (err: unknown) =>
  err instanceof ValidationError && err.problems[0]?.field === 'k8sSecretName' && pattern.test(err.message);

describe('Kubernetes Secret credentials', () => {
  const root = secretsRoot({
    s3: { awsaccesskeyid: 'AKIDSECRET\n', awssecretaccesskey: 'very-secret-key', awsregion: 'eu-west-1' },
    azure: { azurestorageaccount: 'acct', azurestoragekey: 'azure-secret-key' },
    gcp: { gcp: '{"type":"service_account"}' },
    partial: { awsaccesskeyid: 'AKID' },
    empty: { awsaccesskeyid: 'AKID', awssecretaccesskey: '' },
  });
  const env = {
    AWS_ACCESS_KEY_ID: 'env-id', AWS_SECRET_ACCESS_KEY: 'env-secret', AWS_SESSION_TOKEN: 'env-token',
    AWS_ENDPOINT: 'http://127.0.0.1:7070', AWS_REGION: 'us-east-1', AZURE_STORAGE_CONNECTION_STRING: 'cs', PATH: '/bin',
  };

  it('s3: keys from the Secret replace the environment credentials; endpoint and region fall back to it', () => {
    const out = storageEnvFromSecret(env, root, 's3', 's3');
    assert.equal(out.AWS_ACCESS_KEY_ID, 'AKIDSECRET', 'the trailing line break is not part of the value');
    assert.equal(out.AWS_SECRET_ACCESS_KEY, 'very-secret-key');
    assert.equal(out.AWS_SESSION_TOKEN, undefined, 'no session token of the process mixed with the Secret keys');
    assert.equal(out.AWS_REGION, 'eu-west-1');
    assert.equal(out.AWS_ENDPOINT, 'http://127.0.0.1:7070');
    assert.equal(out.PATH, '/bin');
  });

  it('azure: account and key, and the connection string of the environment no longer competes', () => {
    const out = storageEnvFromSecret(env, root, 'azure', 'azure');
    assert.equal(out.AZURE_STORAGE_ACCOUNT, 'acct');
    assert.equal(out.AZURE_STORAGE_KEY, 'azure-secret-key');
    assert.equal(out.AZURE_STORAGE_CONNECTION_STRING, undefined);
  });

  it('gcp: the mounted key file is used where it is', () => {
    assert.equal(storageEnvFromSecret(env, root, 'gcp', 'gcp').GOOGLE_APPLICATION_CREDENTIALS, join(root, 'gcp', 'gcp'));
  });

  it('file:// needs no credentials: the Secret is not even looked for', () => {
    assert.equal(storageEnvFromSecret(env, root, 'not-mounted', 'file'), env);
  });

  it('a Secret not mounted, a missing or empty required key, a bad name: 400 naming k8sSecretName, no value in it', () => {
    assert.throws(() => storageEnvFromSecret(env, root, 'not-mounted', 's3'), field(/'not-mounted' is not mounted under the secrets root .*no directory/));
    assert.throws(() => storageEnvFromSecret(env, root, 'partial', 's3'), field(/no key 'awssecretaccesskey', which s3 needs/));
    assert.throws(() => storageEnvFromSecret(env, root, 's3', 'azure'), field(/no key 'azurestorageaccount'/));
    assert.throws(() => storageEnvFromSecret(env, root, 'empty', 's3'), field(/empty 'awssecretaccesskey'/));
    for (const bad of ['../s3', 's3/..', 'UPPER', '.hidden', 'a/b', '']) {
      assert.throws(() => storageEnvFromSecret(env, root, bad, 's3'), field(/must be a Kubernetes Secret name/), bad);
    }
    try {
      storageEnvFromSecret(env, root, 's3', 'azure');
    } catch (err) {
      for (const secret of ['very-secret-key', 'AKIDSECRET', 'env-secret']) assert.ok(!JSON.stringify([(err as Error).message, err]).includes(secret));
    }
  });
});
