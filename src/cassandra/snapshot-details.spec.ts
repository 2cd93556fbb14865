import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSnapshotDetails } from './snapshot-details.js';

const row = (tag: string, table: string) => ({
  'Snapshot name': tag, 'Keyspace name': 'ks', 'Column family name': table, 'True size': '0 bytes',
  'Size on disk': '5.1 KiB', 'Creation time': '2026-01-01T00:00:00Z', 'Expiration time': '', Ephemeral: 'false',
});

describe('parseSnapshotDetails', () => {
  it('finds the rows however deep Jolokia nested the TabularData index', () => {
    const value = {
      bk1: { ks: { t1: { '0 bytes': { '5.1 KiB': { created: { '': { false: row('bk1', 't1') } } } } } } },
      bk2: { ks: { t2: row('bk2', 't2') } },
    };
    const rows = parseSnapshotDetails(value);
    assert.deepEqual(rows.map((r) => `${r.tag}/${r.keyspace}.${r.table}`), ['bk1/ks.t1', 'bk2/ks.t2']);
    assert.equal(rows[0].sizeOnDisk, '5.1 KiB');
    assert.equal(rows[0].ephemeral, false);
  });

  it('gives no rows for no snapshots', () => {
    assert.deepEqual(parseSnapshotDetails({}), []);
  });
});
