import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BedContext } from '../bed-context.js';

/** flush, cleanup, scrub, upgradesstables and truncate on node 1, checked on disk and through CQL. */
export function sstableOperationsSuite(ctx: BedContext): void {
  describe('SSTable operations', () => {
    const rows = 50;

    it('flush writes the memtable to SSTables on disk', async () => {
      await ctx.createTable('flushed', rows);
      assert.deepEqual(await ctx.node1.sstables(ctx.keyspace, 'flushed'), []);
      await ctx.node1.storageService.forceKeyspaceFlush(ctx.keyspace, ['flushed']);
      assert.equal((await ctx.node1.sstables(ctx.keyspace, 'flushed')).length, 1);
    });

    it('cleanup succeeds and keeps the data the node owns', async () => {
      await ctx.node1.storageService.forceKeyspaceCleanup(0, ctx.keyspace, ['flushed']);
      await ctx.node1.storageService.forceKeyspaceCleanup(1, ctx.keyspace);
      assert.equal((await ctx.node1.sstables(ctx.keyspace, 'flushed')).length, 1);
      assert.equal(await ctx.count('flushed'), rows);
    });

    it('scrub succeeds and takes its pre-scrub snapshot', async () => {
      const scrub = { disableSnapshot: false, skipCorrupted: false, checkData: true, reinsertOverflowedTTL: false, jobs: 0 };
      await ctx.node1.storageService.scrub(scrub, ctx.keyspace, ['flushed']);
      const snapshots = await ctx.node1.snapshots.list();
      assert.ok(
        snapshots.some((s) => s.tag.startsWith('pre-scrub-') && s.keyspace === ctx.keyspace && s.table === 'flushed'),
        JSON.stringify(snapshots),
      );
      assert.equal(await ctx.count('flushed'), rows);
    });

    it('upgradesstables of all SSTables rewrites them', async () => {
      const before = await ctx.node1.sstables(ctx.keyspace, 'flushed');
      // excludeCurrentVersion=false is nodetool upgradesstables -a: rewrite even current-format files.
      await ctx.node1.storageService.upgradeSSTables(ctx.keyspace, { excludeCurrentVersion: false, jobs: 0 }, ['flushed']);
      const after = await ctx.node1.sstables(ctx.keyspace, 'flushed');
      assert.equal(after.length, 1);
      assert.notDeepEqual(after, before);
      // Already current: nothing to do, still success; the 5-argument form with a max timestamp too.
      await ctx.node1.storageService.upgradeSSTables(ctx.keyspace, { excludeCurrentVersion: true, jobs: 1 });
      await ctx.node1.storageService.upgradeSSTables(ctx.keyspace, {
        excludeCurrentVersion: false, jobs: 0, maxSSTableTimestamp: '9223372036854775807',
      }, ['flushed']);
      assert.equal(await ctx.count('flushed'), rows);
    });

    it('truncate empties the table on every node', async () => {
      await ctx.createTable('truncated', rows);
      assert.equal(await ctx.count('truncated'), rows);
      await ctx.node1.storageService.truncate(ctx.keyspace, 'truncated');
      assert.equal(await ctx.count('truncated'), 0);
    });

    it('reports running compactions and can stop a kind of them', async () => {
      assert.ok(Array.isArray(await ctx.node1.compactionManager.active()));
      await ctx.node1.compactionManager.stop('CLEANUP');
    });
  });
}
