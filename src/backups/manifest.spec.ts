import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildManifest, manifestEntries, manifestKeyspaces, manifestTables, manifestTotalSize, type ManifestTableInput } from './manifest.js';

const ID1 = '11111111111111111111111111111111';
const ID2 = '22222222222222222222222222222222';
const SV = 'af4d29d8-4af4-3f98-bf90-30640a70bee3';

function file(table: string, id: string, sstable: string, component: string, size: number, hash?: string) {
  return { sstable, objectKey: `data/ks/${table}-${id}/1-1/${sstable}-${component}`, size, ...(hash ? { hash } : {}) };
}

const tables: ManifestTableInput[] = [
  { keyspace: 'ks', table: 't2', tableId: ID2, files: [] },
  {
    keyspace: 'ks',
    table: 't1',
    tableId: ID1,
    schemaContent: 'CREATE TABLE ks.t1 (id int PRIMARY KEY)',
    files: [file('t1', ID1, 'nb-2-big', 'Data.db', 30, 'h3'), file('t1', ID1, 'nb-1-big', 'TOC.txt', 10, 'h2'), file('t1', ID1, 'nb-1-big', 'Data.db', 20, 'h1')],
  },
  { keyspace: 'a_ks', table: 'x', tableId: ID1, files: [{ sstable: 'nb-1-big', objectKey: `data/a_ks/x-${ID1}/1-1/nb-1-big-Data.db`, size: 5 }] },
];

describe('manifest model', () => {
  const m = buildManifest({ name: `snap-${SV}-1700000000000`, tables, tokens: ['10', '-5', '-10', '2'], schemaVersion: SV, hashAlgorithm: 'SHA-256' });

  it('builds a sorted, deterministic manifest with its size and hash algorithm', () => {
    assert.deepEqual(Object.keys(m.snapshot.keyspaces), ['a_ks', 'ks']);
    assert.deepEqual(Object.keys(m.snapshot.keyspaces.ks.tables), ['t1', 't2']);
    assert.deepEqual(Object.keys(m.snapshot.keyspaces.ks.tables.t1.sstables), ['nb-1-big', 'nb-2-big']);
    assert.deepEqual(
      m.snapshot.keyspaces.ks.tables.t1.sstables['nb-1-big'].map((e) => e.objectKey.split('/').pop()),
      ['nb-1-big-Data.db', 'nb-1-big-TOC.txt'],
    );
    assert.deepEqual(m.snapshot.keyspaces.ks.tables.t1.sstables['nb-1-big'][0], { objectKey: `data/ks/t1-${ID1}/1-1/nb-1-big-Data.db`, type: 'FILE', size: 20, hash: 'h1' });
    assert.equal(m.snapshot.keyspaces.a_ks.tables.x.sstables['nb-1-big'][0].hash, undefined);
    assert.equal(m.size, 65);
    assert.equal(m.schemaVersion, SV);
    assert.deepEqual(m.manifest, { hashAlgorithm: 'SHA-256' });
  });

  it('sorts tokens as strings, as Esop does', () => {
    assert.deepEqual(m.tokens, ['-10', '-5', '10', '2']);
  });

  it('keeps tables without SSTables (their schema is still needed)', () => {
    assert.deepEqual(m.snapshot.keyspaces.ks.tables.t2, { sstables: {}, id: ID2 });
    assert.equal(m.snapshot.keyspaces.ks.tables.t1.schemaContent, 'CREATE TABLE ks.t1 (id int PRIMARY KEY)');
  });

  it('flattens entries with their keyspace, table, id and SSTable', () => {
    const entries = manifestEntries(m);
    assert.equal(entries.length, 4);
    assert.deepEqual(
      entries.map((e) => `${e.keyspace}.${e.table}/${e.tableId.slice(0, 2)}/${e.sstable}/${e.entry.size}`),
      ['a_ks.x/11/nb-1-big/5', 'ks.t1/11/nb-1-big/20', 'ks.t1/11/nb-1-big/10', 'ks.t1/11/nb-2-big/30'],
    );
    assert.equal(manifestTotalSize(m), 65);
    assert.deepEqual(manifestKeyspaces(m), ['a_ks', 'ks']);
    assert.deepEqual(manifestTables(m), [
      { keyspace: 'a_ks', table: 'x', tableId: ID1 },
      { keyspace: 'ks', table: 't1', tableId: ID1, schemaContent: 'CREATE TABLE ks.t1 (id int PRIMARY KEY)' },
      { keyspace: 'ks', table: 't2', tableId: ID2 },
    ]);
  });

  it('merges a table given twice with the same id and refuses two ids for one name', () => {
    const twice = buildManifest({
      name: 'n',
      tables: [
        { keyspace: 'ks', table: 't', tableId: ID1, files: [file('t', ID1, 'nb-1-big', 'Data.db', 1)] },
        { keyspace: 'ks', table: 't', tableId: ID1, schemaContent: 's', files: [file('t', ID1, 'nb-2-big', 'Data.db', 2)] },
      ],
      tokens: [],
      schemaVersion: SV,
      hashAlgorithm: 'NONE',
    });
    assert.deepEqual(Object.keys(twice.snapshot.keyspaces.ks.tables.t.sstables), ['nb-1-big', 'nb-2-big']);
    assert.equal(twice.snapshot.keyspaces.ks.tables.t.schemaContent, 's');
    assert.throws(
      () =>
        buildManifest({
          name: 'n',
          tables: [
            { keyspace: 'ks', table: 't', tableId: ID1, files: [] },
            { keyspace: 'ks', table: 't', tableId: ID2, files: [] },
          ],
          tokens: [],
          schemaVersion: SV,
          hashAlgorithm: 'NONE',
        }),
      /holds table ks.t twice/,
    );
  });
});
