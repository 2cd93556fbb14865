import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../../src/common/errors.js';
import type { BedContext } from '../bed-context.js';

/** Icarus' ClusterTopology built from the real cluster: racks are the real racks, not the DC. */
export function topologySuite(ctx: BedContext): void {
  describe('topology', () => {
    it('lists every node with cluster, dc, real rack, host id and address', async () => {
      const before = Date.now();
      const topology = await ctx.node1.topology.get();
      assert.ok(topology.timestamp >= before && topology.timestamp <= Date.now());
      assert.equal(topology.clusterName, 'Icarus-Test-Cluster');
      assert.equal(topology.schemaVersion, await ctx.node1.storageService.schemaVersion());
      const hostIds = await ctx.node1.storageService.endpointToHostId();
      assert.deepEqual(
        topology.topology.map(({ hostname, ...rest }) => (assert.ok(hostname.length > 0), rest)),
        ctx.nodes.map((n) => ({
          cluster: 'Icarus-Test-Cluster',
          dc: 'dc1',
          rack: `rack${n.node.index}`,
          nodeId: hostIds[n.node.ip],
          ipAddress: n.node.ip,
        })),
      );
    });

    it('filters on DCs and names the ones that do not exist', async () => {
      assert.equal((await ctx.node1.topology.get('dc1')).topology.length, ctx.nodes.length);
      const error = await ctx.node1.topology.get('dc1, nope').catch((e: unknown) => e);
      assert.ok(error instanceof ValidationError);
      assert.equal(error.message, 'Some DCs to filter on do not exist: [nope], existing: dc1');
    });
  });
}
