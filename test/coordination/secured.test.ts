import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LoggerService } from '@nestjs/common';
import { startServer } from '../../src/cli/server/start-server.js';
import { loadConfig } from '../../src/config/sidecar-config.js';
import { makePki, type TestPki } from '../support/certificates.js';
import { type ClientOptions, request } from '../support/secure-http.js';
import { waitFor } from '../support/sidecar.js';
import { CoordinationCluster } from './coordination-cluster.js';

const token = () => randomBytes(24).toString('base64url');

/** Runs a test-global operation through sidecar 0 and waits for its end, with the client's credentials. */
async function runGlobal(cluster: CoordinationCluster, client: ClientOptions, body: Record<string, unknown> = {}): Promise<any> {
  const posted = await request(cluster.url(0), 'POST', '/operations', { type: 'test-global', phases: 2, ...body }, client);
  assert.equal(posted.status, 201, posted.text);
  return waitFor('the global operation to end', async () => {
    const { json } = await request(cluster.url(0), 'GET', `/operations/${posted.json.id}`, undefined, client);
    return ['COMPLETED', 'FAILED', 'CANCELLED'].includes(json?.state) ? json : undefined;
  }, 30_000);
}

/** Node operations sidecar i ran (test-sleep), read with the client's credentials. */
async function nodeOperations(cluster: CoordinationCluster, i: number, client: ClientOptions, id: string): Promise<any[]> {
  const { json } = await request(cluster.url(i), 'GET', '/operations?type=test-sleep', undefined, client);
  return (json as any[]).filter((o) => String(o.note ?? '').startsWith(id));
}

describe('cluster-wide operations between authenticated sidecars', () => {
  let pki: TestPki;
  let dir: string;
  before(async () => {
    pki = await makePki('cluster-ca');
    dir = mkdtempSync(join(tmpdir(), 'icarus-secured-'));
  });

  describe('over HTTPS with mutual TLS only: peers present their certificate and trust the CA', () => {
    let cluster: CoordinationCluster;
    let operator: { cert: string; key: string };
    before(async () => {
      const served = await pki.issue('sidecar');
      operator = await pki.issue('operator');
      cluster = await CoordinationCluster.start(3, {
        scheme: 'https',
        args: { tlsCert: served.cert, tlsKey: served.key, tlsClientCa: pki.caCert, peerCa: pki.caCert },
      });
    });
    after(async () => cluster?.stop());

    it('runs every phase on every node, and no sidecar answers without a certificate', async () => {
      const client = { ca: pki.caCert, ...operator };
      const done = await runGlobal(cluster, client);
      assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
      for (let i = 0; i < 3; i++) {
        assert.equal((await nodeOperations(cluster, i, client, done.id)).length, 2, `node ${i} ran both phases`);
        assert.equal((await request(cluster.url(i), 'GET', '/operations', undefined, { ca: pki.caCert })).status, 401);
      }
    });
  });

  describe('over HTTP with bearer tokens, --allow-insecure-peers: peers present the first token of their file', () => {
    let cluster: CoordinationCluster;
    const shared = token();
    const operator = token();
    before(async () => {
      for (let i = 0; i < 3; i++) writeFileSync(join(dir, `tokens-${i}`), `${shared}\n${operator}\n`);
      cluster = await CoordinationCluster.start(3, { argsOf: (i) => ({ authTokenFile: join(dir, `tokens-${i}`), allowInsecurePeers: 'true' }) });
    });
    after(async () => cluster?.stop());

    it('runs every phase on every node with the shared token', async () => {
      const done = await runGlobal(cluster, { token: operator });
      assert.equal(done.state, 'COMPLETED', JSON.stringify(done.errors));
      for (let i = 0; i < 3; i++) assert.equal((await nodeOperations(cluster, i, { token: operator }, done.id)).length, 2, `node ${i} ran both phases`);
    });

    it('fails, naming the node and the 401, when a peer no longer accepts the token (its file changed)', async () => {
      writeFileSync(join(dir, 'tokens-2'), `${operator}\n`);
      // Once node 2 has re-read its file: a reload between a peer's POST and its polls would leave the
      // coordinator polling a 401 for the whole unreachable grace (30 s), longer than runGlobal waits.
      await waitFor('node 2 to re-read its token file', async () => ((await request(cluster.url(2), 'GET', '/version', undefined, { token: shared })).status === 401 ? true : undefined));
      const done = await waitFor('node 2 to refuse the cluster token', async () => {
        const run = await runGlobal(cluster, { token: operator });
        return run.state === 'FAILED' ? run : undefined;
      }, 20_000);
      const errors = done.errors as Array<{ source: string; message: string }>;
      assert.ok(errors.some((e) => e.source === cluster.nodes[2].address && /401/.test(e.message) && /credentials/.test(e.message)), JSON.stringify(errors));
      assert.equal(errors.some((e) => e.source !== cluster.nodes[2].address), false, JSON.stringify(errors));
    });
  });

  describe('over HTTP with bearer tokens, without --allow-insecure-peers (issue 17, finding 9)', () => {
    let cluster: CoordinationCluster;
    const shared = token();
    before(async () => {
      writeFileSync(join(dir, 'tokens-plain'), `${shared}\n`);
      cluster = await CoordinationCluster.start(2, { args: { authTokenFile: join(dir, 'tokens-plain') } });
    });
    after(async () => cluster?.stop());

    it('refuses a cluster-wide operation up front with 400 naming globalRequest, and no token leaves for a peer', async () => {
      const refused = await request(cluster.url(0), 'POST', '/operations', { type: 'test-global', phases: 1 }, { token: shared });
      assert.equal(refused.status, 400, refused.text);
      assert.equal(refused.json.errors[0].field, 'globalRequest');
      assert.match(refused.json.message, /would send its bearer token to the peer sidecar at http:\/\/127\.0\.0\.1:\d+ over plain http.*--allow-insecure-peers/);
      for (let i = 0; i < 2; i++) {
        const { json } = await request(cluster.url(i), 'GET', '/operations', undefined, { token: shared });
        assert.deepEqual(json, [], `sidecar ${i} ran nothing`);
      }
    });

    it('warns at start when the token would go to peers over plain http, whether refused or allowed, and not over https', async () => {
      const warnings: string[] = [];
      const logger: LoggerService = { log: () => undefined, error: () => undefined, warn: (m: unknown) => void warnings.push(JSON.stringify(m)) };
      const start = async (extra: Record<string, string>) => {
        const config = loadConfig({ listen: '127.0.0.1:0', redisUrl: cluster.redis.url, queuePrefix: `w${randomBytes(3).toString('hex')}`,
          dataDir: mkdtempSync(join(tmpdir(), 'icarus-warn-')), jolokiaUrl: cluster.jolokia.url, authTokenFile: join(dir, 'tokens-plain'), ...extra }, {});
        await (await startServer(config, { logger })).close();
      };
      await start({});
      await start({ allowInsecurePeers: 'true' });
      await start({ peerUrlTemplate: 'https://{address}:{port}' });
      assert.equal(warnings.filter((w) => /cluster-wide operations are refused: they would send this sidecar's bearer token/.test(w)).length, 1, warnings.join('\n'));
      assert.equal(warnings.filter((w) => /--allow-insecure-peers: cluster-wide operations send/.test(w)).length, 1, warnings.join('\n'));
    });
  });
});
