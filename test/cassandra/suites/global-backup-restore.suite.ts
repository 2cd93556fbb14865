import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { StorageLocation } from '../../../src/storage/index.js';
import { http } from '../../support/sidecar.js';
import { liveComponents, manifestComponents, manifestsAt } from '../bucket-check.js';
import type { GlobalBed } from '../global-bed.js';

/** Issue 10, cases 1 and 2: one request backs up, then restores, every node. */
export function globalBackupRestoreSuite(g: GlobalBed): void {
  describe('cluster-wide backup and restore through any sidecar', () => {
    it("1. a global backup through node 2's sidecar writes every node's manifest and the topology file", async (t) => {
      const started = Date.now();
      const { location, name, operation } = await g.backup();
      t.diagnostic(`global backup of 3 nodes: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      assert.match(name, /^global-[0-9a-f-]{36}-\d{13}$/);
      const nodes = g.b.ctx.bed.nodes;
      assert.deepEqual(operation.nodes.map((n: any) => [n.node, n.rack, n.state]), nodes.map((n, i) => [n.ip, `rack${i + 1}`, 'COMPLETED']));
      const cluster = (await g.b.ctx.node1.storageService.clusterName()).replace(/\s/g, '-');
      for (const [i, view] of operation.nodes.entries()) {
        const nodeLocation = StorageLocation.parse(location).update(cluster, view.dc, view.hostId).rawLocation;
        const storage = g.b.inspect(nodeLocation);
        const stored = (await manifestsAt(storage, nodeLocation)).find((m) => m.name === name);
        assert.ok(stored, `node ${i + 1} has manifest ${name} under ${nodeLocation}`);
        const keyspaces = [g.ks3, g.ks2];
        assert.deepEqual(manifestComponents(stored.manifest, keyspaces), await liveComponents(nodes[i].dataDirs, keyspaces), `node ${i + 1}: its own SSTables`);
        const remote = await http(g.url(i + 1), 'GET', `/operations/${view.operationId}`);
        assert.deepEqual([remote.json.type, remote.json.globalRequest, remote.json.snapshotTag, remote.json.storageLocation], ['backup', false, name, nodeLocation]);
        await storage.close();
      }
      const storage = g.b.inspect(StorageLocation.parse(location).update(cluster, 'dc1', 'x').rawLocation);
      const topology = JSON.parse(await storage.downloadText(StorageLocation.parse(location).bucketKey(`topology/${name}.json`)));
      assert.deepEqual(topology.topology.map((n: any) => [n.ipAddress, n.nodeId, n.rack]), operation.nodes.map((n: any) => [n.node, n.hostId, n.rack]));
      await storage.close();
    });

    it('2. rows deleted and a table truncated: a global IMPORT restore through node 3 brings every row back on every node (RF 3 and RF 2)', async (t) => {
      const backup = await g.backup();
      await g.damage();
      assert.notDeepEqual(await g.rows(), backup.rows);
      const sourceDir = await g.tempDir('icarus-global-restore-');
      const started = Date.now();
      const done = await g.run(g.restoreBody(sourceDir), 3);
      t.diagnostic(`global restore (5 phases, 3 nodes): ${((Date.now() - started) / 1000).toFixed(1)} s; phases ${done.phases.map((p: any) => `${p.phase} ${(Date.parse(p.completionTime) - Date.parse(p.startTime))} ms`).join(', ')}`);
      assert.deepEqual(done.phases.map((p: any) => [p.phase, p.state, p.nodes]), [['INIT', 'COMPLETED', 3], ['DOWNLOAD', 'COMPLETED', 3], ['TRUNCATE', 'COMPLETED', 1], ['IMPORT', 'COMPLETED', 3], ['CLEANUP', 'COMPLETED', 3]]);
      assert.deepEqual(await g.rows(), backup.rows, 'every row of the backup, nothing else');
      for (const node of [1, 2, 3]) {
        for (const table of g.tables) assert.deepEqual(await g.dataHashes(node, table), backup.hashes[node - 1][table], `node ${node} holds its own backed-up SSTables of ${table} again`);
        const phases = (await g.nodeRestores(node, sourceDir)).map((o) => o.restorationPhase);
        assert.deepEqual(phases, node === 1 ? ['INIT', 'DOWNLOAD', 'TRUNCATE', 'IMPORT', 'CLEANUP'] : ['INIT', 'DOWNLOAD', 'IMPORT', 'CLEANUP'], `node ${node}'s phases`);
      }
      const own = (await g.nodeRestores(2, sourceDir))[1];
      assert.equal(own.import.sourceDir, `${sourceDir}/${done.nodes[1].hostId}`, 'each node downloads into <sourceDir>/<hostId>');
      assert.deepEqual(await readdir(sourceDir), [], 'CLEANUP removed every node\'s downloads');
    });
  });
}
