import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../common/errors.js';
import { entitiesAreEmpty, formatEntities, isSystemKeyspace, parseEntities } from './entities.js';

describe('entities', () => {
  it('is empty for nothing, blanks and stray separators', () => {
    for (const text of [undefined, null, '', '   ', ',', ' , ,, ']) {
      const e = parseEntities(text);
      assert.deepEqual(e, { keyspaces: [], tables: [] });
      assert.equal(entitiesAreEmpty(e), true);
      assert.equal(formatEntities(e), '');
    }
  });

  it("parses keyspaces and tables with Esop's separators", () => {
    assert.deepEqual(parseEntities('ks1,ks2'), { keyspaces: ['ks1', 'ks2'], tables: [] });
    assert.deepEqual(parseEntities('  ks1  ks2,,ks3 '), { keyspaces: ['ks1', 'ks2', 'ks3'], tables: [] });
    assert.deepEqual(parseEntities('ks1 . t1, ks2.t2 ks2 .t3'), {
      keyspaces: [],
      tables: [
        { keyspace: 'ks1', table: 't1' },
        { keyspace: 'ks2', table: 't2' },
        { keyspace: 'ks2', table: 't3' },
      ],
    });
    assert.deepEqual(parseEntities('ks1,ks1'), { keyspaces: ['ks1'], tables: [] });
    assert.equal(entitiesAreEmpty(parseEntities('ks1')), false);
  });

  it('ignores parts with more than one dot, or a trailing dot, as Esop does', () => {
    assert.deepEqual(parseEntities('a.b.c,ks.t'), { keyspaces: [], tables: [{ keyspace: 'ks', table: 't' }] });
    assert.deepEqual(parseEntities('ks.,ks..'), { keyspaces: [], tables: [] });
  });

  it('refuses mixing keyspaces and tables with Esop\'s message', () => {
    assert.throws(
      () => parseEntities('ks1,ks2.t2'),
      (err: unknown) =>
        err instanceof ValidationError &&
        err.problems[0].field === 'entities' &&
        err.problems[0].problem === 'Entities might be either set only as keyspaces or only as keyspaces with tables!',
    );
  });

  it('refuses names Cassandra would not accept, naming the entity', () => {
    assert.throws(() => parseEntities('ks-1'), /entities: "ks-1" is not a valid keyspace or table name/);
    assert.throws(() => parseEntities('.t'), /entities: "\.t" is not a valid/);
    assert.throws(() => parseEntities(`ks.${'t'.repeat(49)}`), /not a valid keyspace or table name/);
    assert.doesNotThrow(() => parseEntities(`Ks_1.${'t'.repeat(48)}`));
  });

  it('formats back to the string form', () => {
    assert.equal(formatEntities(parseEntities('ks1 ks2')), 'ks1,ks2');
    assert.equal(formatEntities(parseEntities('ks1.t1 ks2.t2')), 'ks1.t1,ks2.t2');
  });

  it('knows the system keyspaces', () => {
    for (const ks of ['system', 'system_schema', 'system_auth', 'system_distributed', 'system_traces', 'system_views', 'system_virtual_schema']) {
      assert.equal(isSystemKeyspace(ks), true, ks);
    }
    for (const ks of ['ks', 'systems', 'System', 'system_x']) assert.equal(isSystemKeyspace(ks), false, ks);
  });
});
