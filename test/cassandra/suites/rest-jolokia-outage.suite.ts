import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { http, waitFor, waitForState } from '../../support/sidecar.js';
import type { BedContext } from '../bed-context.js';
import type { NodeSidecars } from '../sidecars.js';

/** Jolokia goes away (its proxy is paused) and comes back; the sidecar keeps running throughout. */
export function restJolokiaOutageSuite(ctx: BedContext, sidecars: NodeSidecars): void {
  describe('Jolokia unreachable', () => {
    it('operations fail naming the Jolokia URL, endpoints answer 5xx JSON, and all recovers', async (t) => {
      const base = sidecars.proxied.url;
      const jolokiaUrl = `http://127.0.0.1:${sidecars.proxy.port}/jolokia/`;
      await sidecars.proxy.pause();
      try {
        const submitted = await http(base, 'POST', '/operations', { type: 'flush', keyspace: ctx.keyspace });
        assert.equal(submitted.status, 201, submitted.text);
        const failed = await waitForState(base, submitted.json.id, ['FAILED', 'COMPLETED'], 30_000);
        assert.equal(failed.state, 'FAILED');
        assert.ok(failed.errors[0].message.includes(jolokiaUrl), failed.errors[0].message);

        for (const path of ['/status', '/version/cassandra', '/version/schema', '/topology']) {
          const started = Date.now();
          const response = await http(base, 'GET', path);
          t.diagnostic(`${path} with Jolokia down: ${response.status} in ${Date.now() - started} ms`);
          assert.ok(response.status >= 500 && response.status < 600, `${path} → ${response.status}`);
          assert.ok(response.json.message.includes(jolokiaUrl), response.text);
        }
        assert.equal((await http(base, 'GET', '/operations')).status, 200, 'the sidecar itself keeps serving');
      } finally {
        await sidecars.proxy.resume();
      }
      const status = await waitFor('status after Jolokia returns', async () => {
        const response = await http(base, 'GET', '/status');
        return response.status === 200 ? response.json : undefined;
      }, 30_000);
      assert.deepEqual(status, { nodeState: 'NORMAL' });
      const again = await http(base, 'POST', '/operations', { type: 'flush', keyspace: ctx.keyspace });
      assert.equal((await waitForState(base, again.json.id, ['COMPLETED', 'FAILED'], 60_000)).state, 'COMPLETED');
    });
  });
}
