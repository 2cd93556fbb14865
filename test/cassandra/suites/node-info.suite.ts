import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JolokiaClient } from '../../../src/cassandra/jolokia.client.js';
import { JolokiaRequestError } from '../../../src/cassandra/jolokia.errors.js';
import { StorageService } from '../../../src/cassandra/storage-service.js';
import { NotFoundError, UpstreamError, ValidationError } from '../../../src/common/errors.js';
import type { BedContext } from '../bed-context.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Read-only facade calls on a healthy cluster, and how JMX errors surface. */
export function nodeInfoSuite(ctx: BedContext): void {
  describe('node information', () => {
    it('reads version, name, mode and identity of node 1', async () => {
      const ss = ctx.node1.storageService;
      const version = await ss.cassandraVersion();
      assert.equal(version.major, 5);
      assert.equal(version.minor, 0);
      assert.equal(version.dsePatch, -1);
      assert.equal(await ss.clusterName(), 'Icarus Test Cluster');
      assert.equal(await ss.operationMode(), 'NORMAL');
      assert.equal(await ss.nativeTransportRunning(), true);
      assert.match(await ss.schemaVersion(), UUID);
      const hostId = await ss.localHostId();
      assert.equal((await ss.endpointToHostId())[ctx.node1.node.ip], hostId);
      assert.deepEqual(await ss.allDataFileLocations(), [ctx.node1.node.dataDir]);
      assert.equal(await ss.concurrentCompactors(), 1);
    });

    it('sees every node live, and every node gossiping UP, on one schema version', async () => {
      const ips = ctx.nodes.map((n) => n.node.ip);
      const membership = await ctx.node1.storageService.membership();
      assert.deepEqual(membership.live.sort(), ips);
      assert.deepEqual([membership.unreachable, membership.joining, membership.leaving, membership.moving], [[], [], [], []]);
      const states = await ctx.node1.failureDetector.simpleStates();
      assert.deepEqual(Object.keys(states).sort(), ips);
      assert.ok(Object.values(states).every((s) => s === 'UP'));
      assert.deepEqual(await ctx.node1.failureDetector.counts(), { up: ips.length, down: 0 });
      const versions = await ctx.node1.storageProxy.schemaVersions();
      assert.deepEqual(Object.values(versions).map((v) => v.sort()), [ips]);
    });

    it('lists keyspaces and tables, and checks names against them', async () => {
      const ss = ctx.node1.storageService;
      assert.ok((await ss.keyspaces()).includes('system'));
      assert.ok((await ss.nonSystemKeyspaces()).includes(ctx.keyspace));
      await ctx.cql.execute(`CREATE TABLE ${ctx.keyspace}.listed (id int PRIMARY KEY)`);
      assert.ok((await ctx.node1.tables.tables(ctx.keyspace)).includes('listed'));
      assert.equal(await ctx.node1.tables.exists(ctx.keyspace, 'listed'), true);
      assert.equal(await ctx.node1.tables.exists(ctx.keyspace, 'nope'), false);
      await ctx.node1.schemaCheck.requireTables(ctx.keyspace, ['listed']);
      await assert.rejects(ctx.node1.schemaCheck.requireKeyspace('nope_ks'), /keyspace: keyspace nope_ks does not exist/);
      await assert.rejects(ctx.node1.schemaCheck.requireTables(ctx.keyspace, ['listed', 'nope']), /tables: tables nope do not exist/);
    });

    it('reports own and peer DC and rack through the snitch', async () => {
      assert.deepEqual(await ctx.node1.snitch.local(), { dc: 'dc1', rack: 'rack1' });
      assert.equal(await ctx.node1.snitch.snitchName(), 'org.apache.cassandra.locator.DynamicEndpointSnitch'); // wraps GPFS
      assert.equal(await ctx.node1.snitch.rackOf(ctx.nodes[1].node.ip), 'rack2');
      assert.equal(await ctx.node1.snitch.datacenterOf(`${ctx.nodes[1].node.ip}:7000`), 'dc1');
    });

    it('turns a JMX exception into an UpstreamError carrying the Java message', async () => {
      const error = await ctx.node1.storageService.forceKeyspaceFlush('no_such_ks').catch((e: unknown) => e);
      assert.ok(error instanceof JolokiaRequestError && error instanceof UpstreamError, String(error));
      assert.ok(error.message.startsWith(`Jolokia at ${ctx.node1.node.jolokiaUrl}: exec forceKeyspaceFlush`), error.message);
      assert.match(error.message, /exec forceKeyspaceFlush.* failed: .*Keyspace no_such_ks does not exist/);
      assert.equal(error.httpStatus, 502);
    });

    it('reports a missing table MBean as NotFoundError', async () => {
      await assert.rejects(ctx.node1.tables.dataPaths(ctx.keyspace, 'nope'), (e: unknown) =>
        e instanceof NotFoundError && e.message === `table ${ctx.keyspace}.nope does not exist`);
    });

    it('validates names before sending anything (a dead agent is never asked)', async () => {
      const dead = new StorageService(new JolokiaClient({ url: 'http://127.0.0.1:1/jolokia/', timeoutMs: 1000 }));
      await assert.rejects(dead.forceKeyspaceFlush('../etc'), ValidationError);
      await assert.rejects(dead.forceKeyspaceCleanup(0, 'ks', ['a/b']), /tables\[0\]: must not contain/);
      await assert.rejects(dead.forceKeyspaceCleanup(-1, 'ks'), /jobs: must be a non-negative integer/);
      await assert.rejects(dead.truncate('ks', ''), /table: must not be empty/);
    });
  });
}
