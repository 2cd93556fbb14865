import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reconcile, type LocalFile, type WantedFile } from './in-place-plan.js';

const TABLE = 'ks/t-00000000000000000000000000000001';
const want = (file: string, sstable = 'oa-1-big'): WantedFile => ({ rel: `${TABLE}/${file}`, sstable, objectKey: `data/${TABLE}/1-1/${file}`, size: 10, hash: 'h' });
const local = (dataDir: string, file: string, matches: boolean): LocalFile => ({ dataDir, rel: `${TABLE}/${file}`, matches });

describe('reconcile (IN_PLACE plan)', () => {
  it("issue 16 #1: a Statistics.db rewritten in place (same name, other bytes) is downloaded over, never also removed", () => {
    const plan = reconcile(
      [want('oa-1-big-Data.db'), want('oa-1-big-Statistics.db')],
      [local('/d1', 'oa-1-big-Data.db', true), local('/d1', 'oa-1-big-Statistics.db', false)],
      ['/d1'],
    );
    assert.deepEqual(plan.keep, [`/d1/${TABLE}/oa-1-big-Data.db`]);
    assert.deepEqual(plan.download.map((d) => d.localPath), [`/d1/${TABLE}/oa-1-big-Statistics.db`]);
    assert.deepEqual(plan.remove, []);
  });

  it('removes what the backup does not have, downloads what is missing, keeps what matches', () => {
    const plan = reconcile(
      [want('oa-1-big-Data.db'), want('oa-1-big-Index.db')],
      [local('/d1', 'oa-1-big-Data.db', true), local('/d1', 'oa-5-big-Data.db', false), local('/d1', 'oa-5-big-Index.db', false)],
      ['/d1'],
    );
    assert.deepEqual(plan.keep, [`/d1/${TABLE}/oa-1-big-Data.db`]);
    assert.deepEqual(plan.download.map((d) => d.localPath), [`/d1/${TABLE}/oa-1-big-Index.db`]);
    assert.deepEqual(plan.remove.sort(), [`/d1/${TABLE}/oa-5-big-Data.db`, `/d1/${TABLE}/oa-5-big-Index.db`]);
  });

  it("keeps an SSTable's components together: a matching copy in another data directory is removed and fetched again at home", () => {
    const plan = reconcile(
      [want('oa-1-big-Data.db'), want('oa-1-big-Index.db'), want('oa-1-big-TOC.txt')],
      [local('/d1', 'oa-1-big-Data.db', true), local('/d1', 'oa-1-big-TOC.txt', true), local('/d2', 'oa-1-big-Index.db', true), local('/d2', 'oa-1-big-Data.db', true)],
      ['/d1', '/d2'],
    );
    assert.deepEqual(plan.keep.sort(), [`/d1/${TABLE}/oa-1-big-Data.db`, `/d1/${TABLE}/oa-1-big-TOC.txt`]);
    assert.deepEqual(plan.download.map((d) => d.localPath), [`/d1/${TABLE}/oa-1-big-Index.db`]);
    assert.deepEqual(plan.remove.sort(), [`/d2/${TABLE}/oa-1-big-Data.db`, `/d2/${TABLE}/oa-1-big-Index.db`]);
  });

  it('spreads SSTables with nothing on disk over the data directories in turn', () => {
    const plan = reconcile([want('oa-1-big-Data.db', 'a'), want('oa-2-big-Data.db', 'b'), want('oa-3-big-Data.db', 'c')], [], ['/d1', '/d2']);
    assert.deepEqual(plan.download.map((d) => d.localPath.split('/')[1]), ['d1', 'd2', 'd1']);
  });

  it('every local file ends in exactly one set, and every wanted file is kept or downloaded exactly once', () => {
    const dirs = ['/d1', '/d2', '/d3'];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round++) {
      const wanted = Array.from({ length: 1 + Math.floor(random() * 8) }, (_, i) => want(`oa-${i % 3}-big-C${i}.db`, `oa-${i % 3}-big`));
      const found: LocalFile[] = [];
      for (const dir of dirs) {
        for (const w of wanted) if (random() < 0.4) found.push(local(dir, w.rel.slice(TABLE.length + 1), random() < 0.6));
        if (random() < 0.3) found.push(local(dir, `oa-9-big-X${round}.db`, false));
      }
      const plan = reconcile(wanted, found, dirs);
      const placed = [...plan.keep, ...plan.download.map((d) => d.localPath)];
      assert.equal(placed.length, wanted.length);
      assert.deepEqual(new Set(placed.map((p) => p.slice(3))).size, wanted.length, 'each wanted file once');
      const all = new Set([...plan.keep, ...plan.download.map((d) => d.localPath), ...plan.remove]);
      for (const f of found) assert.ok(all.has(`${f.dataDir}/${f.rel}`), 'every local file is accounted for');
    }
  });
});
