import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../src/cli/server/start-server.js';
import { parsePrometheus, sampleValue } from '../support/prometheus.js';
import { TestRedis } from '../support/redis-server.js';
import { request } from '../support/secure-http.js';
import { SidecarProcess } from '../support/sidecar-process.js';
import { startTestSidecar, waitFor } from '../support/sidecar.js';

const token = () => randomBytes(24).toString('base64url');

describe('audit log: every accepted or refused state-changing request, one JSON line', () => {
  let redis: TestRedis;
  let server: RunningServer;
  let file: string;
  let tokenFile: string;
  const tokens = { admin: token(), reader: token(), busy: token() };

  before(async () => {
    redis = await TestRedis.start();
    const dir = mkdtempSync(join(tmpdir(), 'icarus-audit-'));
    file = join(dir, 'audit.log');
    tokenFile = join(dir, 'tokens');
    writeFileSync(tokenFile, `${tokens.admin} admin root\n${tokens.reader} read\n${tokens.busy} operate busy-bot\n`);
    server = await startTestSidecar(redis.url, {
      jolokiaUrl: 'http://127.0.0.1:9/jolokia/', authTokenFile: tokenFile, auditLog: file, postRateLimit: '1', postBurst: '3',
    });
  });
  after(async () => {
    await server?.close();
    await redis?.dispose();
  });

  const lines = () => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

  it('records acceptances and every kind of refusal with who, from where, what and how it ended', async () => {
    const sleep = { type: 'test-sleep', steps: 1, stepMs: 1 };
    const accepted = await request(server.url, 'POST', '/operations', sleep, { token: tokens.admin });
    assert.equal(accepted.status, 201, accepted.text);
    assert.equal((await request(server.url, 'POST', '/operations', sleep)).status, 401);
    assert.equal((await request(server.url, 'POST', '/operations', sleep, { token: token() })).status, 401);
    assert.equal((await request(server.url, 'POST', '/operations', sleep, { token: tokens.reader })).status, 403);
    assert.equal((await request(server.url, 'POST', '/operations', { type: 'test-sleep', steps: 'x' }, { token: tokens.admin })).status, 400);
    assert.equal((await request(server.url, 'POST', '/operations', 'x', { token: tokens.admin, headers: { 'content-type': 'text/plain' } })).status, 415);
    assert.equal((await request(server.url, 'DELETE', `/operations/${accepted.json.id}`, undefined, { token: tokens.admin })).status, 202);
    assert.equal((await request(server.url, 'GET', '/operations', undefined, { token: tokens.admin })).status, 200);
    let limited = 0;
    for (let i = 0; i < 6 && limited === 0; i++) {
      const reply = await request(server.url, 'POST', '/operations', { type: 'no-such-type' }, { token: tokens.busy });
      if (reply.status === 429) limited++;
    }
    assert.equal(limited, 1, 'busy-bot was rate-limited');

    const recorded = lines();
    const text = readFileSync(file, 'utf8');
    for (const secret of Object.values(tokens)) assert.equal(text.includes(secret), false, 'no token in the audit log');
    assert.equal(recorded.some((l) => l.method === 'GET'), false, 'reads are not audited');
    const [first, anonymous, badToken, forbidden, invalid, unsupported, cancel] = recorded;
    assert.deepEqual({ ...first, time: 'T' }, {
      msg: 'audit', time: 'T', outcome: 'accepted', status: 201, method: 'POST', path: '/operations', source: '127.0.0.1',
      identity: 'root', via: 'token', role: 'admin', requiredRole: 'operate', operationType: 'test-sleep', operationId: accepted.json.id,
    });
    assert.ok(Math.abs(Date.parse(first.time as string) - Date.now()) < 60_000);
    assert.deepEqual([anonymous.outcome, anonymous.status, anonymous.identity, anonymous.operationType], ['unauthenticated', 401, undefined, undefined], 'the body of an unauthenticated request is never read');
    assert.deepEqual([badToken.outcome, badToken.identity], ['unauthenticated', undefined]);
    assert.deepEqual([forbidden.outcome, forbidden.status, forbidden.role, forbidden.requiredRole], ['forbidden', 403, 'read', 'operate']);
    assert.match(forbidden.identity as string, /^sha256:[0-9a-f]{12}$/);
    assert.deepEqual([invalid.outcome, invalid.status, invalid.identity], ['invalid', 400, 'root']);
    assert.deepEqual([unsupported.outcome, unsupported.status], ['invalid', 415]);
    assert.deepEqual([cancel.outcome, cancel.status, cancel.method, cancel.operationId, cancel.operationType], ['accepted', 202, 'DELETE', accepted.json.id, 'test-sleep']);
    const last = recorded.at(-1)!;
    assert.deepEqual([last.outcome, last.status, last.identity], ['rate_limited', 429, 'busy-bot']);

    const metrics = parsePrometheus((await request(server.url, 'GET', '/metrics', undefined, { token: tokens.reader })).text);
    const count = (outcome: string) => sampleValue(metrics, 'icarus_audited_requests_total', { outcome });
    const expected: Record<string, number> = {};
    for (const l of recorded) expected[l.outcome as string] = (expected[l.outcome as string] ?? 0) + 1;
    for (const [outcome, n] of Object.entries(expected)) assert.equal(count(outcome), n, outcome);
    assert.equal(count('conflict'), 0, 'every outcome is there from the start');
  });

  it('also writes each line to stdout with --audit-stdout', async () => {
    const sidecar = await SidecarProcess.launch(redis.url, { jolokiaUrl: 'http://127.0.0.1:9/jolokia/', authTokenFile: tokenFile, auditStdout: 'true' });
    try {
      assert.equal((await request(sidecar.url, 'POST', '/operations', { type: 'test-sleep' }, { token: tokens.reader })).status, 403);
      const line = await waitFor('the audit line on stdout', async () => sidecar.output.split('\n').find((l) => l.includes('"msg":"audit"')), 5_000);
      assert.deepEqual([JSON.parse(line).outcome, JSON.parse(line).path], ['forbidden', '/operations']);
    } finally {
      await sidecar.stop();
    }
  });
});
