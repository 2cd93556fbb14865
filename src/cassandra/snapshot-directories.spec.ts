import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { listSnapshotDirectories } from './snapshot-directories.js';

describe('listSnapshotDirectories', () => {
  it('finds snapshots per table across data directories, with manifest details', async () => {
    const root = await mkdtemp(join(tmpdir(), 'snapdirs-'));
    const id = '0123456789abcdef0123456789abcdef';
    const a = join(root, 'd1', 'ks', `t1-${id}`, 'snapshots', 'bk1');
    const b = join(root, 'd2', 'ks', `t2-${id}`, 'snapshots', 'bk1');
    await mkdir(a, { recursive: true });
    await mkdir(b, { recursive: true });
    await mkdir(join(root, 'd1', 'ks', 'not-a-table-dir', 'snapshots', 'x'), { recursive: true });
    await writeFile(join(a, 'manifest.json'), JSON.stringify({ files: [], created_at: '2026-01-01T00:00:00Z', expires_at: null, ephemeral: true }));
    const found = await listSnapshotDirectories([join(root, 'd1'), join(root, 'd2'), join(root, 'missing')]);
    assert.deepEqual(found, [
      { tag: 'bk1', keyspace: 'ks', table: 't1', tableId: id, directory: a, createdAt: '2026-01-01T00:00:00Z', ephemeral: true },
      { tag: 'bk1', keyspace: 'ks', table: 't2', tableId: id, directory: b, ephemeral: false },
    ]);
  });
});
