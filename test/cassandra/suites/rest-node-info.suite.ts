import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { http } from '../../support/sidecar.js';
import type { BedContext } from '../bed-context.js';
import type { NodeSidecars } from '../sidecars.js';

/** /version, /status, /topology and /config of each node's sidecar, against the real nodes. */
export function restNodeInfoSuite(ctx: BedContext, sidecars: NodeSidecars): void {
  describe('node-information endpoints', () => {
    it('/version/cassandra reports 5.0.x, /version the sidecar, /version/schema a UUID', async () => {
      const cassandra = (await http(sidecars.url(1), 'GET', '/version/cassandra')).json;
      assert.equal(cassandra.major, 5);
      assert.equal(cassandra.minor, 0);
      assert.equal(typeof cassandra.patch, 'number');
      const sidecar = (await http(sidecars.url(1), 'GET', '/version')).json;
      assert.match(sidecar.version, /^instaclustr-icarus /);
      assert.deepEqual((await http(sidecars.url(1), 'GET', '/version/sidecar')).json, sidecar);
      const schema = (await http(sidecars.url(1), 'GET', '/version/schema')).json;
      assert.match(schema.schemaVersion, /^[0-9a-f-]{36}$/);
    });

    it('/status answers {nodeState: NORMAL}', async () => {
      assert.deepEqual((await http(sidecars.url(2), 'GET', '/status')).json, { nodeState: 'NORMAL' });
    });

    it('/topology lists every node with cluster, dc, its real rack, nodeId and ipAddress', async () => {
      const topology = (await http(sidecars.url(1), 'GET', '/topology')).json;
      assert.equal(typeof topology.timestamp, 'number');
      assert.match(topology.schemaVersion, /^[0-9a-f-]{36}$/);
      const nodes = [...topology.topology].sort((a, b) => a.ipAddress.localeCompare(b.ipAddress));
      assert.deepEqual(nodes.map((n) => n.ipAddress), ctx.bed.nodes.map((n) => n.ip));
      nodes.forEach((node, i) => {
        assert.equal(node.cluster, topology.clusterName);
        assert.equal(node.dc, 'dc1');
        assert.equal(node.rack, `rack${i + 1}`, 'the rack, not the DC (Icarus bug)');
        assert.match(node.nodeId, /^[0-9a-f-]{36}$/);
        assert.equal(typeof node.hostname, 'string');
      });
      const filtered = (await http(sidecars.url(1), 'GET', '/topology/dc1')).json;
      assert.equal(filtered.topology.length, ctx.bed.nodes.length);
      const unknown = await http(sidecars.url(1), 'GET', '/topology/dc1,nowhere');
      assert.equal(unknown.status, 400);
      assert.match(unknown.json.message, /nowhere/);
    });

    it('/config returns the node\'s cassandra.yaml', async () => {
      const response = await http(sidecars.url(1), 'GET', '/config');
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /yaml/);
      assert.match(response.text, /cluster_name:/);
      assert.ok(response.text.includes(`listen_address: ${ctx.bed.nodes[0].ip}\n`), 'node 1 on any TESTBED_IP_PREFIX');
    });
  });
}
