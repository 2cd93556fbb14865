import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../src/cli/server/start-server.js';
import { TestRedis } from '../support/redis-server.js';
import { http, startTestSidecar, waitFor, waitForState } from '../support/sidecar.js';

describe('expiry, Swagger and Bull Board', () => {
  let redis: TestRedis;
  let server: RunningServer;

  before(async () => {
    redis = await TestRedis.start();
    server = await startTestSidecar(redis.url, { operationsExpiration: '2s', disableCors: true });
  });
  after(async () => {
    await server?.close();
    await redis?.dispose();
  });

  it('finished operations disappear after -e 2s plus at most a few seconds; running ones stay', async (t) => {
    const base = server.url;
    const done = (await http(base, 'POST', '/operations', { type: 'test-sleep', steps: 1, stepMs: 1 })).json.id;
    const long = (await http(base, 'POST', '/operations', { type: 'test-sleep', steps: 80, stepMs: 100 })).json.id;
    const finished = await waitForState(base, done, ['COMPLETED']);
    await waitFor('expiry', async () => ((await http(base, 'GET', `/operations/${done}`)).status === 404 ? true : undefined), 10_000);
    const goneAfter = (Date.now() - Date.parse(finished.completionTime)) / 1000;
    t.diagnostic(`expired ${goneAfter.toFixed(1)} s after completion with -e 2s`);
    assert.ok(goneAfter >= 2, `not before the period (${goneAfter}s)`);
    assert.equal((await http(base, 'GET', `/operations/${long}`)).json.state, 'RUNNING');
    await http(base, 'DELETE', `/operations/${long}`);
  });

  it('--disable-cors drops the CORS headers', async () => {
    const response = await http(server.url, 'GET', '/operations');
    assert.equal(response.headers.get('access-control-allow-origin'), null);
  });

  it('/docs-json documents POST /operations as oneOf the request schemas, discriminated by type', async () => {
    const { status, json } = await http(server.url, 'GET', '/docs-json');
    assert.equal(status, 200);
    const schema = json.paths['/operations'].post.requestBody.content['application/json'].schema;
    assert.ok(schema.oneOf.length >= 2);
    assert.equal(schema.discriminator.propertyName, 'type');
    assert.ok(schema.discriminator.mapping['test-sleep']);
    const sleep = json.components.schemas.TestSleepRequest;
    assert.equal(sleep.properties.steps.default, 5);
    assert.equal(sleep.properties.steps.description, 'number of steps');
    assert.ok(json.paths['/operations/{id}'].delete);
    const ui = await http(server.url, 'GET', '/docs');
    assert.equal(ui.status, 200);
    assert.match(ui.text, /swagger/i);
  });

  it('/dashboard serves Bull Board, listing the operations queue', async () => {
    const page = await http(server.url, 'GET', '/dashboard');
    assert.equal(page.status, 200);
    assert.match(page.text, /Bull Dashboard/i);
    const queues = await http(server.url, 'GET', '/dashboard/api/queues');
    assert.equal(queues.status, 200);
    assert.ok(queues.json.queues.some((q: { name: string }) => q.name === 'operations'));
  });
});
