import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StorageLocation, StorageLocationError } from '../../src/storage/index.js';

/** Acceptance 5: every Esop storage-location error (§4.1) for the input that provokes it. */
const CASES: { input: string; message: string }[] = [
  {
    input: 's3://bucket/cluster/dc',
    message: 'Invalid storage location: Storage location s3://bucket/cluster/dc is not in form protocol://bucketName/clusterId/datacenterid/nodeId',
  },
  {
    input: 'gcp:/bucket',
    message: 'Invalid storage location: Storage location gcp:/bucket is not in form protocol://bucketName/clusterId/datacenterid/nodeId',
  },
  // Esop strips one trailing slash, so `azure://` becomes `azure:/` and `s3:///` a bucket-only location with no bucket.
  {
    input: 'azure://',
    message: 'Invalid storage location: Storage location azure:/ is not in form protocol://bucketName/clusterId/datacenterid/nodeId',
  },
  { input: 's3:///', message: 'Invalid storage location: Global storage location s3:// is not in form protocol://bucketName' },
  {
    input: 'file:///backups/bucket',
    message: 'Invalid storage location: Storage location file:///backups/bucket is not in form file:///some/backup/path/clusterId/datacenterId/nodeId',
  },
  {
    input: 'file://bucket',
    message: 'Invalid storage location: Storage location file://bucket is not in form file:///some/backup/path/clusterId/datacenterId/nodeId',
  },
  { input: 's3://bucket//cluster/dc/node', message: 'Invalid storage location: Wrong bucket name: bucket/' },
  { input: 's3:///cluster/dc/node', message: 'Invalid storage location: Wrong bucket name: ' },
  { input: 's3://bucket//dc/node', message: 'Invalid storage location: Wrong cluster name: ' },
  { input: 'gcp://bucket/cluster//node', message: 'Invalid storage location: Wrong datacenter name: ' },
  { input: 'azure://bucket/cluster/dc//', message: 'Invalid storage location: Wrong node name: ' },
  { input: 'minio://bucket/cluster/dc/node', message: 'Available storage providers: [s3, gcp, azure, file]' },
  { input: 'oracle://bucket', message: 'Available storage providers: [s3, gcp, azure, file]' },
  // Our fix of Esop's four-part quirk: Esop resolved this against the working directory.
  {
    input: 'file:///a/b/c/d',
    message:
      'Invalid storage location: Storage location file:///a/b/c/d names no absolute directory above the bucket; ' +
      'use file:///some/backup/path/bucket/clusterId/datacenterId/nodeId (Esop would resolve it against the working directory)',
  },
  {
    input: 'file://rel/bucket/c/d/n',
    message:
      'Invalid storage location: Storage location file://rel/bucket/c/d/n names no absolute directory above the bucket; ' +
      'use file:///some/backup/path/bucket/clusterId/datacenterId/nodeId (Esop would resolve it against the working directory)',
  },
];

describe('storage location errors', () => {
  for (const { input, message } of CASES) {
    it(`rejects ${input}`, () => {
      assert.throws(
        () => StorageLocation.parse(input),
        (err: Error) => {
          assert.ok(err instanceof StorageLocationError);
          assert.equal(err.message, message);
          return true;
        },
      );
    });
  }

  it('accepts the valid forms of every provider', () => {
    for (const ok of ['s3://b/c/d/n', 'gcp://b', 'azure://b/c/d/n/', 'file:///var/backups/b/c/d/n', 'file:///b/c/d/n/x']) {
      assert.doesNotThrow(() => StorageLocation.parse(ok), ok);
    }
  });
});
