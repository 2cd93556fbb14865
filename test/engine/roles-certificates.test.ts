import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../src/cli/server/start-server.js';
import { makePki, type TestPki } from '../support/certificates.js';
import { TestRedis } from '../support/redis-server.js';
import { request } from '../support/secure-http.js';
import { startTestSidecar, waitFor } from '../support/sidecar.js';

describe('roles of client certificates: subjects mapped by --tls-client-roles', () => {
  let redis: TestRedis;
  let pki: TestPki;
  let server: RunningServer;
  let mapping: string;
  const certs: Record<string, { cert: string; key: string }> = {};
  const reader = randomBytes(24).toString('base64url');
  const as = (name: string, extra: object = {}) => ({ ca: pki.caCert, ...certs[name], ...extra });

  before(async () => {
    redis = await TestRedis.start();
    pki = await makePki('roles-ca');
    for (const name of ['sidecar', 'operator', 'auditor', 'stranger']) certs[name] = await pki.issue(name);
    const dir = mkdtempSync(join(tmpdir(), 'icarus-cert-roles-'));
    mapping = join(dir, 'client-roles');
    writeFileSync(mapping, '# subject role\nCN=operator operate\nCN=auditor read\n');
    writeFileSync(join(dir, 'tokens'), `${reader} read\n`);
    server = await startTestSidecar(redis.url, {
      jolokiaUrl: 'http://127.0.0.1:9/jolokia/', tlsCert: certs.sidecar.cert, tlsKey: certs.sidecar.key, tlsClientCa: pki.caCert,
      tlsClientRoles: mapping, authTokenFile: join(dir, 'tokens'),
    }, {}, { watchIntervalMs: 100 });
  });
  after(async () => {
    await server?.close();
    await redis?.dispose();
  });

  it('gives each certificate the role of its subject, shown by /whoami', async () => {
    assert.deepEqual((await request(server.url, 'GET', '/whoami', undefined, as('operator'))).json, { identity: 'CN=operator', role: 'operate', via: 'certificate' });
    assert.deepEqual((await request(server.url, 'GET', '/whoami', undefined, as('auditor'))).json, { identity: 'CN=auditor', role: 'read', via: 'certificate' });
    const restore = await request(server.url, 'POST', '/operations', { type: 'restore' }, as('operator'));
    assert.equal(restore.status, 403, restore.text);
    assert.match(restore.json.message, /submitting a 'restore' operation needs the 'admin' role; the client certificate CN=operator has 'operate'/);
    const sleep = await request(server.url, 'POST', '/operations', { type: 'test-sleep', steps: 1, stepMs: 1 }, as('operator'));
    assert.equal(sleep.status, 201, sleep.text);
    assert.equal((await request(server.url, 'POST', '/operations', { type: 'test-sleep' }, as('auditor'))).status, 403);
    assert.equal((await request(server.url, 'GET', '/operations', undefined, as('auditor'))).status, 200);
  });

  it('refuses a certificate the mapping does not name with 403 saying so, unless a token decides', async () => {
    const refused = await request(server.url, 'GET', '/whoami', undefined, as('stranger'));
    assert.equal(refused.status, 403, refused.text);
    assert.match(refused.json.message, /the client certificate CN=stranger has no role \(map its subject in the --tls-client-roles file\)/);
    assert.equal((await request(server.url, 'GET', '/dashboard', undefined, as('stranger'))).status, 403, 'Express mounts follow the same rule');
    const withToken = await request(server.url, 'GET', '/whoami', undefined, as('stranger', { token: reader }));
    assert.equal(withToken.json.via, 'token');
    assert.equal(withToken.json.role, 'read');
  });

  it('re-reads the mapping when it changes; a broken file keeps the rules in force', async () => {
    writeFileSync(mapping, 'CN=operator operate\nCN=auditor read\nCN=stranger admin\n');
    await waitFor('the stranger to be admin', async () => ((await request(server.url, 'GET', '/whoami', undefined, as('stranger'))).json?.role === 'admin' ? true : undefined), 5_000);
    writeFileSync(mapping, 'CN=stranger superuser\n');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await request(server.url, 'GET', '/whoami', undefined, as('stranger'))).json.role, 'admin', 'the broken file was not applied');
  });
});
