import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { http, waitFor, waitForState } from '../../support/sidecar.js';
import type { BedContext } from '../bed-context.js';
import type { NodeSidecars } from '../sidecars.js';

/** decommission of node 3 and drain of node 2 through their sidecars; run last, they take nodes out. */
export function restRingChangesSuite(ctx: BedContext, sidecars: NodeSidecars): void {
  const submit = (node: number, body: Record<string, unknown>) => http(sidecars.url(node), 'POST', '/operations', body);

  describe('ring changes over REST', () => {
    it('decommission removes node 3 from the topology the others report; a second one is refused', async () => {
      const response = await submit(3, { type: 'decommission' });
      assert.equal(response.status, 201);
      assert.equal(response.json.force, true, 'absent force means true, as Icarus');
      const conflicting = await submit(3, { type: 'decommission' });
      assert.equal(conflicting.status, 409, conflicting.text);
      const done = await waitForState(sidecars.url(3), response.json.id, ['COMPLETED', 'FAILED'], 5 * 60_000);
      assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
      assert.deepEqual((await http(sidecars.url(3), 'GET', '/status')).json, { nodeState: 'DECOMMISSIONED' });
      assert.equal((await submit(3, { type: 'decommission' })).status, 409, 'already decommissioned');
      for (const node of [1, 2]) {
        const ips = await waitFor('node 3 to leave the topology', async () => {
          const listed = ((await http(sidecars.url(node), 'GET', '/topology')).json.topology as Array<{ ipAddress: string }>)
            .map((n) => n.ipAddress)
            .sort();
          return listed.includes(ctx.bed.nodes[2].ip) ? undefined : listed;
        }, 60_000);
        assert.deepEqual(ips, [ctx.bed.nodes[0].ip, ctx.bed.nodes[1].ip]);
      }
    });

    it('drain ends COMPLETED with /status DRAINED, and a second drain also completes', async () => {
      const first = await submit(2, { type: 'drain' });
      assert.equal(first.status, 201);
      assert.equal((await waitForState(sidecars.url(2), first.json.id, ['COMPLETED', 'FAILED'], 5 * 60_000)).state, 'COMPLETED');
      assert.deepEqual((await http(sidecars.url(2), 'GET', '/status')).json, { nodeState: 'DRAINED' });
      const second = await submit(2, { type: 'drain' });
      assert.equal(second.status, 201);
      assert.equal((await waitForState(sidecars.url(2), second.json.id, ['COMPLETED', 'FAILED'], 60_000)).state, 'COMPLETED');
    });
  });
}
