import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseTableId, type TableIdState } from './in-place-tables.js';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const C = 'c'.repeat(32);
const state = (id: string, live: boolean, dropped = false): TableIdState => ({ id, live, dropped, dirs: [`/d/ks/t-${id}`] });

describe('chooseTableId (where IN_PLACE writes a table on a stopped node)', () => {
  it("the backup's id when no other id is in use (also when nothing is on disk, or only dropped leftovers)", () => {
    assert.deepEqual(chooseTableId(A, [], false), { id: A, recreated: false });
    assert.deepEqual(chooseTableId(A, [state(A, true)], false), { id: A, recreated: false });
    assert.deepEqual(chooseTableId(A, [state(A, false), state(B, false, true)], false), { id: A, recreated: false });
  });

  it('issue 16 #7: dropped and re-created since the backup: the new id, whether it holds data yet or not', () => {
    assert.deepEqual(chooseTableId(A, [state(A, false, true), state(B, true)], false), { id: B, recreated: true });
    assert.deepEqual(chooseTableId(A, [state(A, false, true), state(B, false)], false), { id: B, recreated: true });
    assert.deepEqual(chooseTableId(A, [state(B, true)], false), { id: B, recreated: true });
  });

  it('refuses when it cannot tell: two ids in use, or several re-created candidates', () => {
    assert.match((chooseTableId(A, [state(A, true), state(B, true)], false) as { problem: string }).problem, /several ids/);
    assert.ok('problem' in chooseTableId(A, [state(A, false), state(B, false)], false), 'an empty directory may be a re-created table');
    assert.ok('problem' in chooseTableId(A, [state(A, false, true), state(B, true), state(C, false)], false));
  });

  it("the backup's id whenever the restore brings the schema back (its ids come with it)", () => {
    assert.deepEqual(chooseTableId(A, [state(A, false, true), state(B, true)], true), { id: A, recreated: false });
  });
});
