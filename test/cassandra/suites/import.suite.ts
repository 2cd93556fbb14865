import assert from 'node:assert/strict';
import { copyFile, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { NODETOOL_IMPORT_DEFAULTS } from '../../../src/cassandra/column-family-store.js';
import { OperationFailedError, UpstreamError } from '../../../src/common/errors.js';
import type { BedContext } from '../bed-context.js';

/** SSTables placed on node 1's disk become readable through CQL (import, refresh); snapshots. */
export function importSuite(ctx: BedContext): void {
  describe('loading SSTables from disk', () => {
    const rows = 30;

    /** Flushes `source` on node 1 and copies its SSTable files into `target` (a directory). */
    async function copySSTables(source: string, target: string): Promise<string[]> {
      await ctx.node1.storageService.forceKeyspaceFlush(ctx.keyspace, [source]);
      const [dir] = await ctx.node1.tables.dataPaths(ctx.keyspace, source);
      await mkdir(target, { recursive: true });
      const copied: string[] = [];
      for (const name of await readdir(dir)) {
        if (!(await stat(join(dir, name))).isFile()) continue; // skip snapshots/ and backups/
        await copyFile(join(dir, name), join(target, name));
        copied.push(name);
      }
      assert.ok(copied.some((f) => f.endsWith('-Data.db')), `no SSTables in ${dir}`);
      return copied;
    }

    it('importNewSSTables loads SSTables from a directory into an empty table', async () => {
      await ctx.createTable('import_src', rows);
      await ctx.cql.execute(`CREATE TABLE ${ctx.keyspace}.import_dst (id int PRIMARY KEY, v text)`);
      const staging = join(dirname(ctx.node1.node.dataDir), 'import-staging', ctx.keyspace, 'import_dst');
      await copySSTables('import_src', staging);
      assert.equal(await ctx.count('import_dst'), 0);
      await ctx.node1.tables.importNewSSTables(ctx.keyspace, 'import_dst', [staging], NODETOOL_IMPORT_DEFAULTS);
      assert.equal(await ctx.count('import_dst'), rows);
      const row = await ctx.cql.execute(`SELECT v FROM ${ctx.keyspace}.import_dst WHERE id = 7`);
      assert.equal(row.first().get('v'), 'value-7');
    });

    it("importNewSSTables fails with Icarus' message naming the directory it could not import", async () => {
      const corrupt = join(dirname(ctx.node1.node.dataDir), 'import-staging', ctx.keyspace, 'corrupt');
      const files = await copySSTables('import_src', corrupt);
      const data = files.find((f) => f.endsWith('-Data.db')) ?? '';
      await writeFile(join(corrupt, data), 'not an SSTable');
      const error = await ctx.node1.tables
        .importNewSSTables(ctx.keyspace, 'import_dst', [corrupt], NODETOOL_IMPORT_DEFAULTS)
        .catch((e: unknown) => e);
      assert.ok(error instanceof OperationFailedError, String(error));
      assert.equal(error.message, `Failed to import SSTable directories [${corrupt}].`);
    });

    it('importNewSSTables of a directory that does not exist reports Cassandra\'s reason', async () => {
      const missing = join(dirname(ctx.node1.node.dataDir), 'import-staging', 'missing');
      await assert.rejects(
        ctx.node1.tables.importNewSSTables(ctx.keyspace, 'import_dst', [missing], NODETOOL_IMPORT_DEFAULTS),
        (e: unknown) => e instanceof UpstreamError && e.message.includes(`Directory ${missing} does not exist`),
      );
    });

    it('loadNewSSTables (refresh) picks up SSTables copied into the table directory', async () => {
      await ctx.createTable('refresh_src', rows);
      await ctx.cql.execute(`CREATE TABLE ${ctx.keyspace}.refresh_dst (id int PRIMARY KEY, v text)`);
      const [tableDir] = await ctx.node1.tables.dataPaths(ctx.keyspace, 'refresh_dst');
      await copySSTables('refresh_src', tableDir);
      assert.equal(await ctx.count('refresh_dst'), 0);
      await ctx.node1.storageService.loadNewSSTables(ctx.keyspace, 'refresh_dst');
      assert.equal(await ctx.count('refresh_dst'), rows);
    });
  });

  describe('snapshots', () => {
    it('takes, lists (from disk) and clears a snapshot of one table', async () => {
      const tag = `it-${Date.now()}`;
      await ctx.node1.snapshots.take(tag, [`${ctx.keyspace}.import_src`], { skipFlush: false });
      const taken = (await ctx.node1.snapshots.list()).filter((s) => s.tag === tag);
      assert.deepEqual(taken.map((s) => [s.keyspace, s.table, s.ephemeral]), [[ctx.keyspace, 'import_src', false]]);
      const [tableDir] = await ctx.node1.tables.dataPaths(ctx.keyspace, 'import_src');
      assert.equal(taken[0].directory, join(tableDir, 'snapshots', tag));
      assert.ok((await readdir(taken[0].directory)).some((f) => f.endsWith('-Data.db')));
      assert.ok((await ctx.node1.snapshots.trueSize()) >= 0);
      await ctx.node1.snapshots.clear(tag, [ctx.keyspace]);
      assert.deepEqual((await ctx.node1.snapshots.list()).filter((s) => s.tag === tag), []);
    });
  });
}
