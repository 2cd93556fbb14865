import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  commitlogObjectKey,
  dataObjectKey,
  localRelativePath,
  manifestObjectKey,
  parseCommitlogObjectKey,
  parseDataObjectKey,
  parseManifestObjectKey,
  topologyObjectKey,
} from './bucket-layout.js';

const ID = '5a1ff267ace03f128563cfae6103c65e';

describe('bucket layout', () => {
  it('builds data keys for table and secondary index SSTables', () => {
    const table = { keyspace: 'ks', table: 't', tableId: ID, keyPart: '1-2620247400', fileName: 'nb-1-big-Data.db' };
    assert.equal(dataObjectKey(table), `data/ks/t-${ID}/1-2620247400/nb-1-big-Data.db`);
    assert.equal(dataObjectKey({ ...table, indexDir: '.t_idx' }), `data/ks/t-${ID}/.t_idx/1-2620247400/nb-1-big-Data.db`);
  });

  it('refuses parts that would change the key structure', () => {
    const table = { keyspace: 'ks', table: 't', tableId: ID, keyPart: '1-2', fileName: 'nb-1-big-Data.db' };
    assert.throws(() => dataObjectKey({ ...table, keyspace: 'a/b' }), /Invalid keyspace/);
    assert.throws(() => dataObjectKey({ ...table, fileName: '..' }), /Invalid fileName/);
    assert.throws(() => dataObjectKey({ ...table, keyPart: '' }), /Invalid keyPart/);
    assert.throws(() => dataObjectKey({ ...table, indexDir: 't_idx' }), /secondary index directory/);
    assert.throws(() => dataObjectKey({ ...table, indexDir: '.' }), /secondary index directory/);
  });

  it('parses data keys back, telling index keys by their six segments and dotted fourth', () => {
    assert.deepEqual(parseDataObjectKey(`data/ks/my-table_1-${ID}/1-937685388/na-1-big-Data.db`), {
      keyspace: 'ks',
      table: 'my-table_1',
      tableId: ID,
      keyPart: '1-937685388',
      fileName: 'na-1-big-Data.db',
    });
    assert.deepEqual(parseDataObjectKey(`data/ks/t-${ID}/.t_idx/3-99/nb-3-big-Index.db`), {
      keyspace: 'ks',
      table: 't',
      tableId: ID,
      indexDir: '.t_idx',
      keyPart: '3-99',
      fileName: 'nb-3-big-Index.db',
    });
    for (const key of [
      `manifests/x.json`,
      `data/ks/t-${ID}/nb-1-big-Data.db`,
      `data/ks/t-${ID}/sub/1-2/nb-1-big-Data.db`,
      `data/ks/t/1-2/nb-1-big-Data.db`,
      `data/ks/t-${ID}//nb-1-big-Data.db`,
      `x/ks/t-${ID}/1-2/nb-1-big-Data.db`,
    ]) {
      assert.equal(parseDataObjectKey(key), null, key);
    }
  });

  it('computes the restore path as Esop enrichManifestEntries does', () => {
    assert.equal(localRelativePath(`data/ks/t-${ID}/1-2/nb-1-big-Data.db`), `ks/t-${ID}/nb-1-big-Data.db`);
    assert.equal(localRelativePath(`data/ks/t-${ID}/.t_idx/1-2/nb-1-big-Data.db`), `ks/t-${ID}/.t_idx/nb-1-big-Data.db`);
    assert.throws(() => localRelativePath('commitlog/CommitLog-7-1.log.5'), /not a data object key/);
  });

  it('names manifests, topology files and commitlogs', () => {
    const name = 'snap-2b9d2d2c-5d8a-3e4f-9a3e-0e1f2a3b4c5d-1700000000000';
    assert.equal(manifestObjectKey(name), `manifests/${name}.json`);
    assert.equal(topologyObjectKey(name), `topology/${name}.json`);
    assert.equal(parseManifestObjectKey(`manifests/${name}.json`), name);
    assert.equal(parseManifestObjectKey(`cluster/dc/node/manifests/${name}.json`), name);
    assert.equal(parseManifestObjectKey(`manifests/sub/${name}.json`), null);
    assert.equal(parseManifestObjectKey(`topology/${name}.json`), null);
    assert.throws(() => manifestObjectKey('a/b'), /Invalid object name/);
    assert.equal(commitlogObjectKey('CommitLog-7-1700000000001.log', 1700000000999.7), 'commitlog/CommitLog-7-1700000000001.log.1700000000999');
    assert.deepEqual(parseCommitlogObjectKey('commitlog/CommitLog-7-1700000000001.log.1700000000999'), {
      fileName: 'CommitLog-7-1700000000001.log',
      mtimeMs: 1700000000999,
    });
    assert.equal(parseCommitlogObjectKey('commitlog/CommitLog-7-1.log'), null);
  });
});
