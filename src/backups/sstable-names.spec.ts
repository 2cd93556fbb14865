import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSSTableFileName, parseSSTableFileName } from './sstable-names.js';

describe('parseSSTableFileName', () => {
  const cases: [string, string, string, string | null, string][] = [
    // file name, prefix, generation, format, component
    ['ks-cf-jb-1-Data.db', 'ks-cf-jb-1', '1', null, 'Data.db'],
    ['instaclustr-recovery_codes-jb-1-Data.db', 'instaclustr-recovery_codes-jb-1', '1', null, 'Data.db'],
    ['ks-cf-jb-12-Digest.sha1', 'ks-cf-jb-12', '12', null, 'Digest.sha1'],
    ['la-1-big-Data.db', 'la-1-big', '1', 'big', 'Data.db'],
    ['lb-1-big-Data.db', 'lb-1-big', '1', 'big', 'Data.db'],
    ['mc-1-big-Data.db', 'mc-1-big', '1', 'big', 'Data.db'],
    ['nb-1-big-Data.db', 'nb-1-big', '1', 'big', 'Data.db'],
    ['nb-22-big-TOC.txt', 'nb-22-big', '22', 'big', 'TOC.txt'],
    ['na-1-big-Digest.crc32', 'na-1-big', '1', 'big', 'Digest.crc32'],
    ['oa-7-big-Statistics.db', 'oa-7-big', '7', 'big', 'Statistics.db'],
    ['da-1-bti-Data.db', 'da-1-bti', '1', 'bti', 'Data.db'],
    ['da-1-bti-Partitions.db', 'da-1-bti', '1', 'bti', 'Partitions.db'],
    ['da-3gy0_111j_2u8ka1z4k2vcw67ubc-bti-Data.db', 'da-3gy0_111j_2u8ka1z4k2vcw67ubc-bti', '3gy0_111j_2u8ka1z4k2vcw67ubc', 'bti', 'Data.db'],
    ['nb-3gy0_111j_2u8ka1z4k2vcw67ubc-big-Index.db', 'nb-3gy0_111j_2u8ka1z4k2vcw67ubc-big', '3gy0_111j_2u8ka1z4k2vcw67ubc', 'big', 'Index.db'],
    ['nb-1-big-SAI+aa+t_idx+Meta.db', 'nb-1-big', '1', 'big', 'SAI+aa+t_idx+Meta.db'],
    ['nb-1-big-SAI+aa+GroupComplete.db', 'nb-1-big', '1', 'big', 'SAI+aa+GroupComplete.db'],
    ['da-2-bti-SAI+ba+my_idx+PostingLists.db', 'da-2-bti', '2', 'bti', 'SAI+ba+my_idx+PostingLists.db'],
    ['nb-1-big-SI_t_idx.db', 'nb-1-big', '1', 'big', 'SI_t_idx.db'],
  ];
  for (const [fileName, prefix, generation, format, component] of cases) {
    it(`reads ${fileName}`, () => {
      const parsed = parseSSTableFileName(fileName);
      assert.ok(parsed, fileName);
      const { version: _, ...parts } = parsed;
      assert.deepEqual(parts, { prefix, generation, format, component });
    });
  }

  it('keeps the two-letter version', () => {
    assert.equal(parseSSTableFileName('nb-1-big-Data.db')?.version, 'nb');
    assert.equal(parseSSTableFileName('ks-cf-jb-1-Data.db')?.version, 'jb');
  });

  it('keeps 2.0 names Esop dropped: short keyspace/table names and secondary-index SSTables', () => {
    assert.equal(parseSSTableFileName('a-b-jb-1-Data.db')?.prefix, 'a-b-jb-1');
    assert.equal(parseSSTableFileName('ks-cf.cf_idx-jb-3-Index.db')?.prefix, 'ks-cf.cf_idx-jb-3');
  });

  it('is null for the other files of a snapshot and for near misses', () => {
    for (const name of ['manifest.json', 'schema.cql', 'ks-t-schema.cql', 'nb-1-big-', 'nb-1-xyz-Data.db', 'NB-1-big-Data.db', 'nb--big-Data.db', 'backup.tar', '']) {
      assert.equal(parseSSTableFileName(name), null, name);
      assert.equal(isSSTableFileName(name), false, name);
    }
  });
});
