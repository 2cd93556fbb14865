import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { scanSnapshot } from './snapshot-scan.js';

const ID1 = '0123456789abcdef0123456789abcdef';
const ID2 = 'fedcba9876543210fedcba9876543210';

describe('scanSnapshot', () => {
  let root: string;
  const d1 = () => join(root, 'd1');
  const d2 = () => join(root, 'd2');

  async function put(path: string, content = 'x') {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, content);
  }

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'snapshot-scan-'));
    const t1 = (dataDir: string) => join(dataDir, 'ks', `t1-${ID1}`, 'snapshots', 'bk');
    await put(join(t1(d1()), 'nb-1-big-Data.db'), 'data-1');
    await put(join(t1(d1()), 'nb-1-big-TOC.txt'));
    await put(join(t1(d1()), 'manifest.json'), '{"files":[]}');
    await put(join(t1(d1()), 'schema.cql'), 'CREATE TABLE ks.t1 (id int PRIMARY KEY);');
    await put(join(t1(d1()), '.t1_idx', 'nb-1-big-Data.db'), 'index');
    await put(join(t1(d1()), 'not-an-index', 'nb-9-big-Data.db'));
    await put(join(t1(d2()), 'nb-2-big-Data.db'), 'data-2');
    await put(join(t1(d2()), 'schema.cql'), 'the second copy');
    // Another snapshot of the same table and a table without this snapshot are not part of it.
    await put(join(d1(), 'ks', `t1-${ID1}`, 'snapshots', 'other', 'nb-5-big-Data.db'));
    await put(join(d1(), 'ks', `t1-${ID1}`, 'nb-1-big-Data.db'), 'live file');
    await mkdir(join(d1(), 'ks', `t3-${ID1}`, 'snapshots'), { recursive: true });
    // An empty table: only Cassandra's files in the snapshot.
    await put(join(d2(), 'ks', `t0-${ID2}`, 'snapshots', 'bk', 'schema.cql'), 'CREATE TABLE ks.t0 (id int PRIMARY KEY);');
    await put(join(d2(), 'a_ks', `t-${ID2}`, 'snapshots', 'bk', 'da-3gy0_111j_2u8ka1z4k2vcw67ubc-bti-Data.db'), 'bti');
    // Not table directories.
    await put(join(d1(), 'ks', 'nodash', 'snapshots', 'bk', 'nb-1-big-Data.db'));
    await put(join(d1(), 'ks', 'loose-file.db'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('finds one snapshot across data directories, merging tables, with index directories and schemas', async () => {
    const tables = await scanSnapshot([d1(), d2(), join(root, 'missing')], 'bk');
    assert.deepEqual(
      tables.map((t) => ({
        ks: t.keyspace,
        table: t.table,
        id: t.tableId,
        schema: t.schemaContent,
        files: t.components.map((c) => `${c.indexDir ?? ''}/${c.fileName}@${c.sstable}`),
      })),
      [
        { ks: 'a_ks', table: 't', id: ID2, schema: undefined, files: ['/da-3gy0_111j_2u8ka1z4k2vcw67ubc-bti-Data.db@da-3gy0_111j_2u8ka1z4k2vcw67ubc-bti'] },
        { ks: 'ks', table: 't0', id: ID2, schema: 'CREATE TABLE ks.t0 (id int PRIMARY KEY);', files: [] },
        {
          ks: 'ks',
          table: 't1',
          id: ID1,
          schema: 'CREATE TABLE ks.t1 (id int PRIMARY KEY);',
          files: ['/nb-1-big-Data.db@nb-1-big', '/nb-1-big-TOC.txt@nb-1-big', '/nb-2-big-Data.db@nb-2-big', '.t1_idx/nb-1-big-Data.db@nb-1-big'],
        },
      ],
    );
  });

  it('stats each component for the hash cache', async () => {
    const [, , t1] = await scanSnapshot([d1(), d2()], 'bk');
    const data = t1.components[0];
    const path = join(d1(), 'ks', `t1-${ID1}`, 'snapshots', 'bk', 'nb-1-big-Data.db');
    const s = await stat(path);
    assert.deepEqual(data, { sstable: 'nb-1-big', generation: '1', fileName: 'nb-1-big-Data.db', path, size: 6, mtimeMs: s.mtimeMs, dev: s.dev, ino: s.ino });
    assert.equal(t1.components[3].path, join(d1(), 'ks', `t1-${ID1}`, 'snapshots', 'bk', '.t1_idx', 'nb-1-big-Data.db'));
    assert.equal(t1.components[3].indexDir, '.t1_idx');
  });

  it('returns nothing for a tag that is nowhere, and refuses tags that are paths', async () => {
    assert.deepEqual(await scanSnapshot([d1()], 'nope'), []);
    await assert.rejects(scanSnapshot([d1()], '../bk'), /Invalid snapshot tag/);
    await assert.rejects(scanSnapshot([d1()], ''), /Invalid snapshot tag/);
  });

  it('skips a file removed between listing and stat', async () => {
    const dir = join(root, 'd3', 'ks', `t-${ID1}`, 'snapshots', 'bk');
    await put(join(dir, 'nb-1-big-Data.db'));
    // A dangling symlink lists as an entry but its stat fails with ENOENT, like a file removed meanwhile.
    await symlink(join(dir, 'gone'), join(dir, 'nb-2-big-Data.db'));
    const [table] = await scanSnapshot([join(root, 'd3')], 'bk');
    assert.deepEqual(table.components.map((c) => c.fileName), ['nb-1-big-Data.db']);
  });
});
