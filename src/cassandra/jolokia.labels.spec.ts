import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callLabels, failureOf, mbeanGroup, tagFailure } from './jolokia.labels.js';
import { MBeans, tableMBean } from './mbeans.js';

describe('Jolokia metric labels', () => {
  it('name an MBean by its type only, never by keyspace or table', () => {
    assert.equal(mbeanGroup(MBeans.storageService), 'StorageService');
    assert.equal(mbeanGroup(tableMBean('secret_ks', 'secret_table')), 'Tables');
    assert.equal(mbeanGroup('org.apache.cassandra.metrics:type=Table,keyspace=ks,scope=t,name=LiveSSTableCount'), 'Table');
    assert.equal(mbeanGroup('org.apache.cassandra.db:keyspace=ks,type=Tables,table=t'), 'Tables');
    assert.equal(mbeanGroup('org.apache.cassandra.db:type=Tables,*'), 'Tables');
    assert.equal(mbeanGroup('*:type=*'), 'other');
    assert.equal(mbeanGroup('java.lang:name=G1 Old Gen,type=GarbageCollector'), 'GarbageCollector');
    assert.equal(mbeanGroup('org.apache.cassandra.db:columnfamily=t,keyspace=ks'), 'other');
    assert.equal(mbeanGroup(undefined), 'agent');
  });

  it('label a POST by its kind and group, or bulk/mixed when its requests differ', () => {
    const read = { type: 'read' as const, mbean: MBeans.storageService, attribute: 'OperationMode' };
    assert.deepEqual(callLabels([read]), { kind: 'read', group: 'StorageService' });
    assert.deepEqual(callLabels([read, { ...read, attribute: 'ClusterName' }]), { kind: 'read', group: 'StorageService' });
    assert.deepEqual(callLabels([read, { type: 'exec', mbean: tableMBean('ks', 't'), operation: 'x' }]), { kind: 'bulk', group: 'mixed' });
    assert.deepEqual(callLabels([{ type: 'version' }]), { kind: 'version', group: 'agent' });
  });

  it('remember why an error failed, other when untagged', () => {
    const err = tagFailure(new Error('x'), 'timeout');
    assert.equal(failureOf(err), 'timeout');
    assert.equal(failureOf(new Error('y')), 'other');
    assert.equal(failureOf('string'), 'other');
  });
});
