import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { LoggerService } from '@nestjs/common';
import { startServer, type RunningServer } from '../../src/cli/server/start-server.js';
import { loadConfig } from '../../src/config/sidecar-config.js';
import { makePki, type TestPki } from '../support/certificates.js';
import { freePort } from '../support/ports.js';
import { TestRedis } from '../support/redis-server.js';
import { request } from '../support/secure-http.js';
import { startTestSidecar, waitFor } from '../support/sidecar.js';

const MAIN = fileURLToPath(new URL('../../src/main.js', import.meta.url));
const token = () => randomBytes(24).toString('base64url');
const ID = '00000000-0000-4000-8000-000000000000';

/** Every route the sidecar serves (and one it does not), as [method, path]. */
const ENDPOINTS: Array<[string, string]> = [
  ['GET', '/operations'], ['GET', `/operations/${ID}`], ['POST', '/operations'], ['DELETE', `/operations/${ID}`],
  ['GET', '/version'], ['GET', '/version/sidecar'], ['GET', '/version/cassandra'], ['GET', '/version/schema'],
  ['GET', '/status'], ['GET', '/topology'], ['GET', '/topology/dc1'], ['GET', '/config'],
  ['GET', '/docs'], ['GET', '/docs-json'], ['GET', '/dashboard'], ['GET', '/dashboard/api/queues'],
  ['GET', '/health/live'], ['GET', '/health/ready'], ['GET', '/metrics'], ['GET', '/no-such-route'],
];

describe('authentication: bearer tokens and client certificates on every endpoint', () => {
  let redis: TestRedis;
  let pki: TestPki;
  let rogue: TestPki;
  let dir: string;
  const servers: RunningServer[] = [];
  const jolokiaUrl = 'http://127.0.0.1:9/jolokia/'; // nothing listens there: answers must not depend on a bed

  before(async () => {
    redis = await TestRedis.start();
    [pki, rogue] = await Promise.all([makePki('icarus-ca'), makePki('rogue-ca')]);
    dir = mkdtempSync(join(tmpdir(), 'icarus-auth-'));
  });
  after(async () => {
    for (const s of servers) await s.close();
    await redis?.dispose();
  });

  async function sidecar(args: Record<string, string | boolean>): Promise<RunningServer> {
    const server = await startTestSidecar(redis.url, { jolokiaUrl, ...args }, {}, { watchIntervalMs: 100 });
    servers.push(server);
    return server;
  }

  describe('bearer tokens over http', () => {
    let server: RunningServer;
    let tokenFile: string;
    let first: string;
    before(async () => {
      first = token();
      tokenFile = join(dir, 'tokens');
      writeFileSync(tokenFile, `# operators\n${first}\n\n${token()}\n`);
      server = await sidecar({ authTokenFile: tokenFile });
    });

    it('answers 401 JSON to every endpoint without a token, unknown routes included', async () => {
      for (const [method, path] of ENDPOINTS) {
        const reply = await request(server.url, method, path, method === 'POST' ? { type: 'test-sleep' } : undefined);
        assert.equal(reply.status, 401, `${method} ${path}: ${reply.text}`);
        assert.match(reply.json?.message, /authentication required: present a bearer token/, `${method} ${path}`);
        assert.equal(reply.headers['www-authenticate'], 'Bearer realm="icarus"');
      }
    });

    it('answers 401 to a wrong token and to other schemes', async () => {
      const wrong = await request(server.url, 'GET', '/operations', undefined, { token: token() });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.json.message, 'the bearer token is not valid');
      assert.match(String(wrong.headers['www-authenticate']), /error="invalid_token"/);
      const basic = await request(server.url, 'GET', '/operations', undefined, { headers: { authorization: `Basic ${Buffer.from(`u:${first}`).toString('base64')}` } });
      assert.equal(basic.status, 401);
      const prefix = await request(server.url, 'GET', '/operations', undefined, { token: first.slice(0, -1) });
      assert.equal(prefix.status, 401, 'a prefix of a token is not the token');
    });

    it('answers normally with a valid token', async () => {
      const opts = { token: first };
      assert.equal((await request(server.url, 'GET', '/operations', undefined, opts)).status, 200);
      assert.equal((await request(server.url, 'GET', '/version/sidecar', undefined, opts)).status, 200);
      const docs = await request(server.url, 'GET', '/docs-json', undefined, opts);
      assert.equal(docs.status, 200);
      assert.deepEqual(docs.json.security, [{ bearer: [] }], 'the OpenAPI document declares the bearer scheme');
      assert.match((await request(server.url, 'GET', '/docs', undefined, opts)).text, /swagger/i);
      assert.match((await request(server.url, 'GET', '/dashboard', undefined, opts)).text, /Bull Dashboard/i);
      assert.equal((await request(server.url, 'GET', '/dashboard/api/queues', undefined, opts)).status, 200);
      assert.equal((await request(server.url, 'GET', '/version/cassandra', undefined, opts)).status, 503, 'its own answer: Jolokia is down');
      assert.equal((await request(server.url, 'GET', '/no-such-route', undefined, opts)).status, 404);
      const posted = await request(server.url, 'POST', '/operations', { type: 'test-sleep', steps: 1, stepMs: 1 }, opts);
      assert.equal(posted.status, 201, posted.text);
    });

    it('re-reads the token file when it changes: a removed token stops working, a new one starts', async (t) => {
      const next = token();
      const started = Date.now();
      writeFileSync(tokenFile, `${next}\n`);
      await waitFor('the new token to be accepted', async () => ((await request(server.url, 'GET', '/operations', undefined, { token: next })).status === 200 ? true : undefined), 5_000);
      t.diagnostic(`new token accepted ${Date.now() - started} ms after the file changed (poll every 100 ms in this test, 1 s by default)`);
      assert.equal((await request(server.url, 'GET', '/operations', undefined, { token: first })).status, 401);
    });
  });

  describe('HTTPS with client certificates (mutual TLS) and tokens', () => {
    let server: RunningServer;
    let client: { cert: string; key: string };
    let stranger: { cert: string; key: string };
    let certFile: string;
    let keyFile: string;
    const secret = token();
    before(async () => {
      const served = await pki.issue('sidecar');
      client = await pki.issue('operator');
      stranger = await rogue.issue('stranger');
      // Copies the test rewrites when it rotates the certificate.
      certFile = join(dir, 'server.pem');
      keyFile = join(dir, 'server.key');
      copyFileSync(served.cert, certFile);
      copyFileSync(served.key, keyFile);
      writeFileSync(join(dir, 'tls-tokens'), `${secret}\n`);
      server = await sidecar({ tlsCert: certFile, tlsKey: keyFile, tlsClientCa: pki.caCert, authTokenFile: join(dir, 'tls-tokens') });
      assert.match(server.url, /^https:\/\//);
    });

    it('lets in a client certificate the CA signed, without a token', async () => {
      const reply = await request(server.url, 'GET', '/operations', undefined, { ca: pki.caCert, ...client });
      assert.equal(reply.status, 200, reply.text);
      const posted = await request(server.url, 'POST', '/operations', { type: 'test-sleep', steps: 1, stepMs: 1 }, { ca: pki.caCert, ...client });
      assert.equal(posted.status, 201, posted.text);
    });

    it('refuses no certificate, and a certificate of another CA, with a JSON 401; a token still works', async () => {
      const none = await request(server.url, 'GET', '/operations', undefined, { ca: pki.caCert });
      assert.equal(none.status, 401);
      assert.match(none.json.message, /a bearer token .* or a client certificate/);
      const foreign = await request(server.url, 'GET', '/docs-json', undefined, { ca: pki.caCert, ...stranger });
      assert.equal(foreign.status, 401);
      assert.match(foreign.json.message, /the client certificate was refused \(/);
      assert.equal((await request(server.url, 'GET', '/operations', undefined, { ca: pki.caCert, token: secret })).status, 200);
    });

    it('serves a rotated certificate from the next connection on, without a restart', async (t) => {
      const before = await request(server.url, 'GET', '/version/sidecar', undefined, { ca: pki.caCert, ...client });
      const renewed = await pki.issue('sidecar-renewed');
      const started = Date.now();
      // Key first, then certificate: in between the pair does not match and the old one stays in force.
      copyFileSync(renewed.key, keyFile);
      copyFileSync(renewed.cert, certFile);
      const after = await waitFor('the renewed certificate', async () => {
        const reply = await request(server.url, 'GET', '/version/sidecar', undefined, { ca: pki.caCert, ...client });
        return reply.peer?.subject.CN === 'sidecar-renewed' ? reply : undefined;
      }, 5_000);
      t.diagnostic(`renewed certificate served ${Date.now() - started} ms after the files changed`);
      assert.equal(before.peer?.subject.CN, 'sidecar');
      assert.equal(after.status, 200);
    });
  });

  it('--auth-exempt-health opens exactly the two probe paths, nothing else', async () => {
    writeFileSync(join(dir, 'probe-tokens'), `${token()}\n`);
    const server = await sidecar({ authTokenFile: join(dir, 'probe-tokens'), authExemptHealth: true });
    for (const path of ['/health/live', '/health/ready']) {
      assert.notEqual((await request(server.url, 'GET', path)).status, 401, path);
    }
    for (const path of ['/health/Live', '/health/live/', '/health/live/../../operations', '/healthz', '/operations']) {
      assert.equal((await request(server.url, 'GET', path)).status, 401, path);
    }
    assert.equal((await request(server.url, 'POST', '/health/live', {})).status, 401, 'GET and HEAD only');
  });

  it('warns when it listens beyond loopback without authentication, and only then', async () => {
    const warnings: string[] = [];
    const logger: LoggerService = { log: () => undefined, error: () => undefined, warn: (m: unknown) => void warnings.push(JSON.stringify(m)) };
    const start = async (listen: string, extra: Record<string, string> = {}) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'icarus-warn-'));
      const server = await startServer(loadConfig({ listen, redisUrl: redis.url, queuePrefix: `w${randomBytes(3).toString('hex')}`, dataDir, jolokiaUrl, ...extra }, {}), { logger });
      await server.close();
    };
    await start(`0.0.0.0:${await freePort()}`);
    assert.equal(warnings.filter((w) => /without authentication/.test(w)).length, 1, warnings.join('\n'));
    await start(`127.0.0.1:${await freePort()}`);
    writeFileSync(join(dir, 'warn-tokens'), `${token()}\n`);
    await start(`0.0.0.0:${await freePort()}`, { authTokenFile: join(dir, 'warn-tokens') });
    assert.equal(warnings.filter((w) => /without authentication/.test(w)).length, 1, 'no warning on loopback, none with auth');
  });

  it('refuses bad security options with exit code 2, naming the line of a bad token but never the token', () => {
    const secretLine = 'short-secret';
    const file = join(dir, 'bad-tokens');
    writeFileSync(file, `${token()}\n${secretLine}\n`);
    const result = spawnSync(process.execPath, [MAIN, 'icarus', '--auth-token-file', file, '--tls-cert', file, '--tls-client-ca', join(dir, 'nope.pem'),
      '--cors-origin', '*', '--max-body-size', 'huge'], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(result.status, 2, result.stderr);
    for (const needle of ['--auth-token-file', 'line 2: a token must be at least 16 characters', '--tls-cert', '--tls-client-ca', '--cors-origin', '--max-body-size']) {
      assert.ok(result.stderr.includes(needle), `${needle} in ${result.stderr}`);
    }
    assert.equal(result.stderr.includes(secretLine), false, 'the token is never echoed');
  });
});
