import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UpstreamError } from '../../../src/common/errors.js';
import type { BedContext } from '../bed-context.js';

/**
 * Rebuild at the facade level. Decommission and drain, which take nodes out, are exercised over
 * REST by the ring-changes suite that runs last.
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
  });
}
