import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../../src/cli/server/start-server.js';
import { UnavailableError, UpstreamError } from '../../../src/common/errors.js';
import { JolokiaClient } from '../../../src/cassandra/jolokia.client.js';
import { StorageService } from '../../../src/cassandra/storage-service.js';
import { http, startTestSidecar, waitForState } from '../../support/sidecar.js';
import type { TestbedNode } from '../../support/testbed.js';
import type { BedContext } from '../bed-context.js';

/**
 * The sidecar against node 1's second Jolokia agent, which the bed runs with https (its own CA) and
 * basic auth (`testbed up --jolokia-https`): the client, a sidecar's endpoints and operations, and
 * the default allowed directories it learns from Cassandra through that agent.
 */
export function jolokiaHttpsSuite(ctx: BedContext, redisUrl: () => string): void {
  describe('Jolokia over https with basic auth (a real agent)', () => {
    let node: TestbedNode;
    let agent: NonNullable<TestbedNode['jolokiaHttps']>;
    let sidecar: RunningServer;
    let stateDir: string;
    let credentials: string;
    const ss = 'org.apache.cassandra.db:type=StorageService';

    before(async () => {
      node = ctx.bed.nodes[0];
      agent = node.jolokiaHttps!;
      stateDir = mkdtempSync(join(tmpdir(), 'icarus-jolokia-https-'));
      credentials = join(stateDir, 'jolokia.properties');
      writeFileSync(credentials, `username=${agent.user}\npassword=${agent.password}\n`);
      // No --allowed-path: the directories requests may use come from Cassandra itself.
      sidecar = await startTestSidecar(redisUrl(), {
        jolokiaUrl: agent.url, jolokiaCa: agent.caFile, jolokiaCredentials: credentials, dataDir: stateDir, allowedPath: [],
      });
    });
    after(async () => sidecar?.close());

    it('reads and executes through the agent with its CA and credentials', async () => {
      const client = new JolokiaClient({ url: agent.url, caFile: agent.caFile, user: agent.user, password: agent.password, timeoutMs: 10_000 });
      assert.match(String(await client.read(ss, 'ReleaseVersion')), /^5\.0\./);
      assert.equal(await new StorageService(client).operationMode(), 'NORMAL');
    });

    it('says the agent refused the credentials (never echoing them), or that TLS failed without the CA', async () => {
      const wrong = new JolokiaClient({ url: agent.url, caFile: agent.caFile, user: agent.user, password: 'not-the-password', timeoutMs: 10_000 });
      const refused = await wrong.read(ss, 'ReleaseVersion').catch((e: unknown) => e);
      assert.ok(refused instanceof UpstreamError, String(refused));
      assert.match(refused.message, /rejected the credentials \(HTTP 401\)/);
      assert.equal(refused.message.includes('not-the-password'), false);
      const anonymous = await new JolokiaClient({ url: agent.url, caFile: agent.caFile, timeoutMs: 10_000 }).read(ss, 'ReleaseVersion').catch((e: unknown) => e);
      assert.match(String((anonymous as Error).message), /HTTP 401/);
      const untrusted = await new JolokiaClient({ url: agent.url, user: agent.user, password: agent.password, timeoutMs: 10_000 }).read(ss, 'ReleaseVersion').catch((e: unknown) => e);
      assert.ok(untrusted instanceof UnavailableError, String(untrusted));
      assert.match(untrusted.message, /^TLS connection to Jolokia at .* failed/);
      assert.equal(untrusted.retryable, false);
    });

    it('serves the node endpoints and runs an operation through it (--jolokia-url https, --jolokia-ca, --jolokia-credentials)', async () => {
      const version = await http(sidecar.url, 'GET', '/version/cassandra');
      assert.equal(version.status, 200, version.text);
      assert.equal(version.json.major, 5);
      assert.deepEqual((await http(sidecar.url, 'GET', '/status')).json, { nodeState: 'NORMAL' });
      const flush = await http(sidecar.url, 'POST', '/operations', { type: 'flush', keyspace: ctx.keyspace });
      assert.equal(flush.status, 201, flush.text);
      const done = await waitForState(sidecar.url, flush.json.id, ['COMPLETED', 'FAILED'], 60_000);
      assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
    });

    it("allows request paths under Cassandra's own directories by default, remembered while Jolokia is away", async () => {
      const cassandraHome = dirname(node.dataDir); // parent of data_file_directories, commitlog_directory, saved_caches_directory
      const list = (base: string, toFile: string) => http(base, 'POST', '/operations', { type: 'list', storageLocation: `file://${stateDir}/backups/bucket/c/d/n`, toFile });
      const inside = await list(sidecar.url, join(cassandraHome, 'icarus-lists', 'out.txt'));
      assert.equal(inside.status, 201, inside.text);
      const outside = await list(sidecar.url, join(tmpdir(), 'out.txt'));
      assert.equal(outside.status, 400, outside.text);
      assert.match(outside.json.errors[0].problem, new RegExp(`outside the directories requests may use: ${cassandraHome}`));
      const blind = await startTestSidecar(redisUrl(), { jolokiaUrl: 'http://127.0.0.1:9/jolokia/', dataDir: stateDir, allowedPath: [] });
      try {
        const remembered = await list(blind.url, join(cassandraHome, 'icarus-lists', 'again.txt'));
        assert.equal(remembered.status, 201, `the directories Cassandra reported before are remembered in --data-dir: ${remembered.text}`);
      } finally {
        await blind.close();
      }
    });
  });
}
