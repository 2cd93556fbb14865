import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSSTableFileName } from '../../backups/sstable-names.js';
import { FreshSSTableNames, uuidSSTableId } from './fresh-sstable-names.js';

describe('FreshSSTableNames', () => {
  it("writes UUID ids in Cassandra's own form (UUIDBasedSSTableId.asString)", () => {
    // Timestamp of 2022-02-01T00:00:00Z in 100 ns since 1582-10-15, low bits 0x8000000000000001.
    const ts = 1643673600000n * 10_000n + 0x01b21dd213814000n;
    const id = uuidSSTableId(ts, 0x8000000000000001n);
    assert.match(id, /^[0-9a-z]{4}_[0-9a-z]{4}_[0-9a-z]{5}[0-9a-z]{13}$/);
    assert.equal(id.length, 28);
    const [days, seconds] = id.split('_');
    assert.equal(parseInt(days, 36), Number(ts / 10_000_000n / 86_400n));
    assert.equal(parseInt(seconds, 36), Number((ts / 10_000_000n) % 86_400n));
    assert.equal(id.slice(-13), 0x8000000000000001n.toString(36).padStart(13, '0'));
  });

  it('gives every component of one SSTable the same new id, other SSTables other ids; never an integer generation', () => {
    const names = new FreshSSTableNames('b-00000000-0000-0000-0000-000000000000-1700000000000', 1700000000000);
    const data = names.rename('oa-2-big-Data.db', 't/-/oa-2-big');
    const stats = names.rename('oa-2-big-Statistics.db', 't/-/oa-2-big');
    const other = names.rename('oa-1-big-Data.db', 't/-/oa-1-big');
    const index = names.rename('oa-2-big-Data.db', 't/.t_idx/oa-2-big');
    const ids = [data, stats, other, index].map((n) => parseSSTableFileName(n)!);
    assert.equal(ids[0].generation, ids[1].generation);
    assert.equal(new Set(ids.map((p) => p.generation)).size, 3);
    for (const p of ids) assert.doesNotMatch(p.generation, /^\d+$/);
    assert.deepEqual([ids[1].version, ids[1].format, ids[1].component], ['oa', 'big', 'Statistics.db']);
    assert.equal(names.rename('da-3-bti-SAI+aa+t_idx+Meta.db', 't/-/da-3-bti').endsWith('-bti-SAI+aa+t_idx+Meta.db'), true);
  });

  it('the same backup and SSTable get the same name again (a link made by an interrupted IMPORT is found)', () => {
    const a = new FreshSSTableNames('backup-x', 1700000000000);
    const b = new FreshSSTableNames('backup-x', 1700000000000);
    assert.equal(a.rename('nb-5-big-Data.db', 'k'), b.rename('nb-5-big-Data.db', 'k'));
    assert.notEqual(a.rename('nb-5-big-Data.db', 'k'), new FreshSSTableNames('backup-y', 1700000000000).rename('nb-5-big-Data.db', 'k'));
  });

  it('leaves pre-3.0 names alone', () => {
    assert.equal(new FreshSSTableNames('b', 0).rename('ks-cf-jb-1-Data.db', 'k'), 'ks-cf-jb-1-Data.db');
  });
});
