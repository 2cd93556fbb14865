import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UpstreamError } from '../../../src/common/errors.js';
import { waitUntil } from '../../support/testbed.js';
import type { BedContext } from '../bed-context.js';

/**
 * Operations that change the ring, run last because they take nodes out: rebuild on node 1,
 * decommission of node 3, then drain of node 2 (a drained node takes no more writes).
 */
export function membershipChangesSuite(ctx: BedContext): void {
  describe('ring changes', () => {
    it('rebuild streams from the given DC, and passes the 5.0 flag through', async () => {
      await ctx.node1.storageService.rebuild({ sourceDC: 'dc1', keyspace: ctx.keyspace });
      const error = await ctx.node1.storageService
        .rebuild({ sourceDC: 'dc1', keyspace: ctx.keyspace, excludeLocalDatacenterNodes: true })
        .catch((e: unknown) => e);
      assert.ok(error instanceof UpstreamError, String(error));
      assert.match(error.message, /local data ?center/i);
    });

    it('decommission removes node 3 from the topology the others see', async () => {
      const node3 = ctx.nodes[2];
      await node3.storageService.decommission(true);
      assert.equal(await node3.storageService.operationMode(), 'DECOMMISSIONED');
      for (const other of ctx.nodes.slice(0, 2)) {
        const ips = await waitUntil('node 3 to leave the topology', async () => {
          const listed = (await other.topology.get()).topology.map((n) => n.ipAddress);
          return listed.includes('127.0.0.3') ? undefined : listed;
        });
        assert.deepEqual(ips, ['127.0.0.1', '127.0.0.2']);
      }
    });

    it('drain leaves node 2 DRAINED with CQL stopped', async () => {
      const node2 = ctx.nodes[1];
      await node2.storageService.drain();
      assert.equal(await node2.storageService.operationMode(), 'DRAINED');
      assert.equal(await node2.storageService.nativeTransportRunning(), false);
    });
  });
}
