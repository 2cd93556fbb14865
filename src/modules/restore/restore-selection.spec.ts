import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Manifest } from '../../backups/manifest.js';
import { OperationFailedError } from '../../common/errors.js';
import { selectForRestore } from './restore-selection.js';
import { systemTableWanted } from './system-tables.js';

const entry = (ks: string, t: string, file: string, index = '') => ({
  objectKey: `data/${ks}/${t}-${'a'.repeat(32)}/${index ? `${index}/` : ''}1-9/${file}`, type: 'FILE' as const, size: 1, hash: '1',
});
const manifest: Manifest = {
  snapshot: {
    name: 'n-0',
    keyspaces: {
      ks: { tables: { a: { id: 'a'.repeat(32), sstables: { 'nb-1-big': [entry('ks', 'a', 'nb-1-big-Data.db'), entry('ks', 'a', 'nb-1-big-Data.db', '.a_idx')] } }, b: { id: 'a'.repeat(32), sstables: { 'nb-1-big': [entry('ks', 'b', 'nb-1-big-Data.db')] } } } },
      system_schema: { tables: { tables: { id: 'a'.repeat(32), sstables: { 'nb-1-big': [entry('system_schema', 'tables', 'nb-1-big-Data.db')] } } } },
      system_auth: { tables: { roles: { id: 'a'.repeat(32), sstables: { 'nb-1-big': [entry('system_auth', 'roles', 'nb-1-big-Data.db')] } } } },
    },
  },
  tokens: ['1'],
  size: 4,
};
const none = { keyspaces: [], tables: [] };
const names = (s: ReturnType<typeof selectForRestore>) => s.tables.map((t) => `${t.source.keyspace}.${t.source.table}->${t.keyspace}.${t.table}`);

describe('selectForRestore', () => {
  it('empty entities: the backup\'s tables only, system ones by the flags', () => {
    const plain = systemTableWanted({ newCluster: false, restoreSystemKeyspace: false, restoreSystemAuth: false });
    assert.deepEqual(names(selectForRestore(manifest, none, {}, plain)), ['ks.a->ks.a', 'ks.b->ks.b']);
    const fresh = systemTableWanted({ newCluster: true, restoreSystemKeyspace: false, restoreSystemAuth: false });
    assert.deepEqual(names(selectForRestore(manifest, none, {}, fresh)), ['ks.a->ks.a', 'ks.b->ks.b', 'system_schema.tables->system_schema.tables']);
    const all = systemTableWanted({ newCluster: false, restoreSystemKeyspace: true, restoreSystemAuth: false });
    assert.equal(selectForRestore(manifest, none, {}, all).tables.length, 4);
  });

  it('keeps a table\'s and its index\'s files apart and applies rename', () => {
    const s = selectForRestore(manifest, { keyspaces: [], tables: [{ keyspace: 'ks', table: 'a' }] }, { 'ks.a': 'ks.c' }, () => true);
    assert.deepEqual(names(s), ['ks.a->ks.c']);
    assert.deepEqual(s.files.map((f) => `${f.indexDir ?? '-'}/${f.fileName}`), ['-/nb-1-big-Data.db', '.a_idx/nb-1-big-Data.db']);
  });

  it('refuses entities that are not in the backup', () => {
    assert.throws(() => selectForRestore(manifest, { keyspaces: ['other'], tables: [] }, {}, () => true), OperationFailedError);
    assert.throws(() => selectForRestore(manifest, { keyspaces: [], tables: [{ keyspace: 'ks', table: 'z' }] }, {}, () => true), /ks.z is not in backup/);
  });
});
