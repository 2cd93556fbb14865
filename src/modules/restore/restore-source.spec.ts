import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseBackup } from './restore-source.js';

const S1 = '11111111-1111-1111-1111-111111111111';
const S2 = '22222222-2222-2222-2222-222222222222';
const names = [`snap-${S1}-1000`, `snap-${S2}-2000`, `snap10-${S2}-3000`, `other-${S1}-4000`];

describe('chooseBackup (every restore entry point)', () => {
  it('a tag: its latest backup, exact-tag matching; with a schema version, only backups of it', () => {
    assert.deepEqual(chooseBackup(names, { tag: 'snap' }), { name: `snap-${S2}-2000` });
    assert.deepEqual(chooseBackup(names, { tag: 'snap', schemaVersion: S1 }), { name: `snap-${S1}-1000` });
    assert.match((chooseBackup(names, { tag: 'nope' }) as { problem: string }).problem, /no manifest requested found: no backup nope$/);
  });

  it('a full name: exactly that backup, also when a newer one of its tag exists; never another', () => {
    assert.deepEqual(chooseBackup(names, { tag: `snap-${S1}-1000` }), { name: `snap-${S1}-1000` });
    assert.ok('problem' in chooseBackup(names, { tag: `snap-${S1}-999` }));
    assert.ok('problem' in chooseBackup(names, { tag: `snap-${S1}-1000`, schemaVersion: S2 }), 'exactSchemaVersion holds for a full name too');
  });

  it('issue 16 #4: a pinned backup must still be there, of the tag, and of the schema version asked for', () => {
    assert.deepEqual(chooseBackup(names, { tag: 'snap', pinned: `snap-${S1}-1000` }), { name: `snap-${S1}-1000` }, 'the pin wins over a newer backup');
    assert.match((chooseBackup(names, { tag: 'snap', pinned: `snap-${S1}-1000`, schemaVersion: S2 }) as { problem: string }).problem, new RegExp(`not a backup snap of schema version ${S2}`));
    assert.match((chooseBackup(names, { tag: 'snap', pinned: `snap-${S1}-500` }) as { problem: string }).problem, /no longer in storage/);
    assert.ok('problem' in chooseBackup(names, { tag: 'snap', pinned: `other-${S1}-4000` }), 'a pin of another tag is no pin for this one');
  });
});
