import assert from 'node:assert/strict';
import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { http, waitForState } from '../../support/sidecar.js';
import type { BedContext } from '../bed-context.js';
import type { NodeSidecars } from '../sidecars.js';

/** Node operations submitted over REST to node 1's sidecar, checked through CQL and the files on disk. */
export function restOperationsSuite(ctx: BedContext, sidecars: NodeSidecars): void {
  const run = async (body: Record<string, unknown>, node = 1) => {
    const response = await http(sidecars.url(node), 'POST', '/operations', body);
    assert.equal(response.status, 201, response.text);
    const done = await waitForState(sidecars.url(node), response.json.id, ['COMPLETED', 'FAILED', 'CANCELLED'], 120_000);
    assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
    return done;
  };
  const sstables = (table: string) => ctx.node1.sstables(ctx.keyspace, table);

  describe('node operations over REST', () => {
    it('flush writes the memtable to SSTables on disk', async () => {
      await ctx.createTable('ops_main', 40);
      assert.deepEqual(await sstables('ops_main'), []);
      const done = await run({ type: 'flush', keyspace: ctx.keyspace, tables: ['ops_main'] });
      assert.deepEqual(done.tables, ['ops_main']);
      assert.ok((await sstables('ops_main')).length >= 1);
    });

    it('cleanup completes and keeps the data the node owns', async () => {
      await run({ type: 'cleanup', keyspace: ctx.keyspace, jobs: 1 });
      assert.equal(await ctx.count('ops_main'), 40);
    });

    it('scrub and upgradesstables (all) rewrite the SSTables; the rows stay', async () => {
      const before = await sstables('ops_main');
      await run({ type: 'scrub', keyspace: ctx.keyspace, tables: ['ops_main'], disableSnapshot: true });
      const scrubbed = await sstables('ops_main');
      assert.notDeepEqual(scrubbed, before, 'scrub wrote new SSTables');
      await run({ type: 'upgradesstables', keyspace: ctx.keyspace, tables: ['ops_main'], includeAllSStables: true });
      assert.notDeepEqual(await sstables('ops_main'), scrubbed, 'upgradesstables -a wrote new SSTables');
      assert.equal(await ctx.count('ops_main'), 40);
    });

    it('import loads SSTables placed on disk; they become readable through CQL', async () => {
      await ctx.cql.execute(`CREATE TABLE ${ctx.keyspace}.ops_import (id int PRIMARY KEY, v text)`);
      const sourceDir = join(dirname(ctx.node1.node.dataDir), 'rest-import');
      await copySSTables(ctx, 'ops_main', join(sourceDir, ctx.keyspace, 'ops_import'));
      assert.equal(await ctx.count('ops_import'), 0);
      await run({ type: 'import', keyspace: ctx.keyspace, table: 'ops_import', sourceDir });
      assert.equal(await ctx.count('ops_import'), 40);
    });

    it('refresh loads SSTables copied into the table directory', async () => {
      await ctx.cql.execute(`CREATE TABLE ${ctx.keyspace}.ops_refresh (id int PRIMARY KEY, v text)`);
      const [tableDir] = await ctx.node1.tables.dataPaths(ctx.keyspace, 'ops_refresh');
      await copySSTables(ctx, 'ops_main', tableDir);
      await run({ type: 'refresh', keyspace: ctx.keyspace, table: 'ops_refresh' });
      assert.equal(await ctx.count('ops_refresh'), 40);
    });

    it('truncate (enabled with --enable-truncate) empties the table', async () => {
      await run({ type: 'truncate', keyspace: ctx.keyspace, table: 'ops_refresh' });
      assert.equal(await ctx.count('ops_refresh'), 0);
    });

    it('refuses bad input with 400 before sending anything to Cassandra', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ type: 'flush', keyspace: 'no_such_keyspace' }, 'keyspace'],
        [{ type: 'cleanup', keyspace: ctx.keyspace, tables: ['a/b'] }, 'tables'],
        [{ type: 'scrub', keyspace: ctx.keyspace, tables: ['..'] }, 'tables'],
        [{ type: 'refresh', keyspace: '../etc', table: 'x' }, 'keyspace'],
        [{ type: 'cleanup', keyspace: ctx.keyspace, jobs: -1 }, 'jobs'],
        [{ type: 'flush', keyspace: ctx.keyspace, tables: ['no_such_table'] }, 'tables'],
        [{ type: 'flush', tables: ['ops_main'] }, 'tables'],
        [{ type: 'rebuild', specificTokens: [{ start: '1', end: '2' }] }, 'specificTokens'],
        [{ type: 'import', keyspace: ctx.keyspace, table: 'ops_import', sourceDir: '/no/such/dir' }, 'sourceDir'],
      ];
      for (const [body, field] of cases) {
        const response = await http(sidecars.url(1), 'POST', '/operations', body);
        assert.equal(response.status, 400, `${JSON.stringify(body)} → ${response.text}`);
        assert.ok(response.json.errors.some((e: { field: string }) => e.field === field), response.text);
      }
      // Name and number problems never reach Jolokia: count connections through node 1's proxy.
      const before = sidecars.proxy.connections;
      for (const [body] of cases.slice(1, 5)) {
        assert.equal((await http(sidecars.proxied.url, 'POST', '/operations', body)).status, 400);
      }
      assert.equal(sidecars.proxy.connections, before, 'no Jolokia request for invalid names or jobs');
    });

    it('truncate is not offered without --enable-truncate', async () => {
      const response = await http(sidecars.proxied.url, 'POST', '/operations', { type: 'truncate', keyspace: ctx.keyspace, table: 'x' });
      assert.equal(response.status, 400);
      assert.match(response.json.message, /unknown operation type 'truncate'/);
    });
  });
}

/** Flushes `source` on node 1 and copies its SSTable files (not snapshots/backups) into `target`. */
async function copySSTables(ctx: BedContext, source: string, target: string): Promise<void> {
  await ctx.node1.storageService.forceKeyspaceFlush(ctx.keyspace, [source]);
  const [dir] = await ctx.node1.tables.dataPaths(ctx.keyspace, source);
  await mkdir(target, { recursive: true });
  for (const name of await readdir(dir)) {
    if ((await stat(join(dir, name))).isFile()) await copyFile(join(dir, name), join(target, name));
  }
}
