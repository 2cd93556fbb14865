import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StorageLocation } from './storage-location.js';

describe('StorageLocation', () => {
  it('parses cloud locations greedily, as Esop: the bucket is everything before the last three parts', () => {
    const l = StorageLocation.parse('s3://my/bucket/cluster/dc/node/');
    assert.deepEqual([l.provider, l.bucket, l.clusterId, l.datacenterId, l.nodeId], ['s3', 'my/bucket', 'cluster', 'dc', 'node']);
    assert.equal(l.rawLocation, 's3://my/bucket/cluster/dc/node');
    assert.equal(l.globalRequest, false);
    assert.equal(l.nodeKey('manifests/a.json'), 'cluster/dc/node/manifests/a.json');
    assert.equal(l.bucketKey('topology/t.json'), 'topology/t.json');
    assert.equal(JSON.stringify({ storageLocation: l }), '{"storageLocation":"s3://my/bucket/cluster/dc/node"}');
  });

  it('parses bucket-only cloud locations as global requests', () => {
    const l = StorageLocation.parse('gcp://bucket');
    assert.equal(l.globalRequest, true);
    assert.equal(l.complete, false);
    assert.throws(() => l.nodePath, /has no cluster\/dc\/node part/);
  });

  it('parses file locations with the directory above the bucket', () => {
    const l = StorageLocation.parse('file:///var/backups/bucket/c/d/n');
    assert.equal(l.fileBackupDirectory, '/var/backups');
    assert.equal(l.bucket, 'bucket');
    assert.equal(l.nodePath, 'c/d/n');
  });

  it('update() appends to a bucket-only location and replaces the last three parts otherwise', () => {
    assert.equal(StorageLocation.parse('s3://b').update('c1', 'dc1', 'n1').rawLocation, 's3://b/c1/dc1/n1');
    assert.equal(StorageLocation.parse('s3://b/x/y/z').update('c1', 'dc1', 'n1').rawLocation, 's3://b/c1/dc1/n1');
    assert.equal(StorageLocation.parse('file:///d/b/x/y/z').update('c', 'd', 'n').rawLocation, 'file:///d/b/c/d/n');
    assert.equal(StorageLocation.parse('azure://b/c/d/n').updateNodeId('uuid').rawLocation, 'azure://b/c/d/uuid');
  });

  it('refuses keys that climb out of the node path', () => {
    const l = StorageLocation.parse('s3://b/c/d/n');
    assert.throws(() => l.nodeKey('../other/x'), /Invalid object key/);
    assert.throws(() => l.bucketKey(''), /Invalid object key/);
  });
});
