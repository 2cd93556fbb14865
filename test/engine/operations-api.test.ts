import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../src/cli/server/start-server.js';
import { TestRedis } from '../support/redis-server.js';
import { http, startTestSidecar, waitForState } from '../support/sidecar.js';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('/operations', () => {
  let redis: TestRedis;
  let server: RunningServer;
  let base: string;

  before(async () => {
    redis = await TestRedis.start();
    server = await startTestSidecar(redis.url, { concurrency: '2' });
    base = server.url;
  });
  after(async () => {
    await server?.close();
    await redis?.dispose();
  });

  describe('bad input is refused with 400 naming the problem', () => {
    const cases: Array<[string, unknown, string]> = [
      ['unknown type', { type: 'no-such-type' }, 'type'],
      ['missing type', { steps: 1 }, 'type'],
      ['malformed JSON', '{"type": "test-sleep",', 'body'],
      ['not an object', '[1,2]', 'body'],
      ['wrong field type', { type: 'test-sleep', steps: 'many' }, 'steps'],
      ['boolean given as number', { type: 'test-sleep', fail: 3 }, 'fail'],
      ['below minimum', { type: 'test-sleep', steps: 0 }, 'steps'],
      ['string for a string field given an object', { type: 'test-sleep', note: { a: 1 } }, 'note'],
    ];
    for (const [name, body, field] of cases) {
      it(name, async () => {
        const response = await http(base, 'POST', '/operations', body);
        assert.equal(response.status, 400, response.text);
        assert.equal(typeof response.json.message, 'string');
        assert.ok(response.json.errors.some((e: { field: string }) => e.field === field), response.text);
      });
    }
  });

  it('accepts Icarus-style strings for numbers and booleans and ignores unknown fields', async () => {
    const response = await http(base, 'POST', '/operations', {
      type: 'test-sleep', steps: '2', stepMs: '10', fail: 'false', somethingUnknown: 1,
    });
    assert.equal(response.status, 201, response.text);
    assert.equal(response.json.steps, 2);
    assert.equal(response.json.fail, false);
    assert.equal('somethingUnknown' in response.json, false);
    await waitForState(base, response.json.id, ['COMPLETED']);
  });

  it('POST answers 201 with Location and Icarus operation JSON; the operation completes', async () => {
    const response = await http(base, 'POST', '/operations', { type: 'test-sleep', steps: 3, stepMs: 20 });
    assert.equal(response.status, 201);
    const op = response.json;
    assert.match(op.id, /^[0-9a-f-]{36}$/);
    assert.equal(response.headers.get('location'), `${base}/operations/${op.id}`);
    assert.deepEqual(Object.keys(op).slice(0, 6), ['type', 'id', 'creationTime', 'state', 'errors', 'progress']);
    assert.equal(op.type, 'test-sleep');
    assert.match(op.creationTime, ISO_UTC);
    assert.ok(['PENDING', 'RUNNING'].includes(op.state));
    assert.deepEqual(op.errors, []);
    assert.equal('completionTime' in op, false, 'nulls are omitted');

    const done = await waitForState(base, op.id, ['COMPLETED']);
    assert.equal(done.progress, 1);
    assert.match(done.startTime, ISO_UTC);
    assert.match(done.completionTime, ISO_UTC);
    assert.equal(Object.keys(done).at(-1), 'completionTime');
    assert.equal(done.stepsDone, 3);
  });

  it('a failing operation ends FAILED with errors[{source, message}] and progress 1', async () => {
    const { json } = await http(base, 'POST', '/operations', { type: 'test-sleep', steps: 1, stepMs: 1, fail: true });
    const failed = await waitForState(base, json.id, ['FAILED']);
    assert.equal(failed.progress, 1);
    assert.equal(failed.errors.length, 1);
    assert.equal(failed.errors[0].message, 'test-sleep was asked to fail');
    assert.equal(typeof failed.errors[0].source, 'string');
  });

  it('GET and DELETE of an unknown id, or of one that is not a UUID, are 404 with a JSON body (as Icarus)', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      for (const method of ['GET', 'DELETE']) {
        const response = await http(base, method, `/operations/${id}`);
        assert.equal(response.status, 404, `${method} ${id}`);
        assert.match(response.headers.get('content-type') ?? '', /application\/json/);
        assert.match(response.json.message, /does not exist/);
      }
    }
  });

  it('DELETE of a running operation answers 202 and the operation ends CANCELLED', async () => {
    const { json } = await http(base, 'POST', '/operations', { type: 'test-sleep', steps: 100, stepMs: 100 });
    await waitForState(base, json.id, ['RUNNING']);
    const response = await http(base, 'DELETE', `/operations/${json.id}`);
    assert.equal(response.status, 202);
    const cancelled = await waitForState(base, json.id, ['CANCELLED', 'FAILED', 'COMPLETED'], 5_000);
    assert.equal(cancelled.state, 'CANCELLED');
    assert.ok(cancelled.progress === 1 && cancelled.completionTime);
  });

  it('bounds concurrency: extra operations stay PENDING; a cancelled PENDING one never runs', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await http(base, 'POST', '/operations', { type: 'test-sleep', steps: 10, stepMs: 100 })).json.id);
    }
    await waitForState(base, ids[0], ['RUNNING']);
    await waitForState(base, ids[1], ['RUNNING']);
    assert.equal((await http(base, 'GET', `/operations/${ids[2]}`)).json.state, 'PENDING');
    assert.equal((await http(base, 'DELETE', `/operations/${ids[2]}`)).status, 202);
    assert.equal((await http(base, 'GET', `/operations/${ids[2]}`)).json.state, 'CANCELLED');
    await http(base, 'DELETE', `/operations/${ids[0]}`);
    await http(base, 'DELETE', `/operations/${ids[1]}`);
    const third = await waitForState(base, ids[2], ['CANCELLED', 'COMPLETED', 'FAILED'], 5_000);
    assert.equal(third.state, 'CANCELLED');
    assert.equal(third.startTime === undefined || third.stepsDone === undefined, true);
  });

  it('refuses a conflicting operation with 409 before enqueueing it', async () => {
    const first = await http(base, 'POST', '/operations', { type: 'test-sleep', steps: 50, stepMs: 50, exclusive: true });
    const second = await http(base, 'POST', '/operations', { type: 'test-sleep', steps: 1, exclusive: true });
    assert.equal(second.status, 409);
    assert.match(second.json.message, /exclusive/);
    await http(base, 'DELETE', `/operations/${first.json.id}`);
    await waitForState(base, first.json.id, ['CANCELLED']);
  });

  it('lists newest first and filters by repeatable type and state', async () => {
    const a = (await http(base, 'POST', '/operations', { type: 'test-sleep', steps: 1, stepMs: 1 })).json.id;
    const b = (await http(base, 'POST', '/operations', { type: 'test-sleep-once', steps: 1, stepMs: 1 })).json.id;
    await waitForState(base, a, ['COMPLETED']);
    await waitForState(base, b, ['COMPLETED']);
    const all = (await http(base, 'GET', '/operations')).json as Array<{ id: string; type: string; state: string }>;
    assert.ok(all.findIndex((o) => o.id === b) < all.findIndex((o) => o.id === a), 'newest first');
    const creation = all.map((o: any) => Date.parse(o.creationTime));
    assert.deepEqual(creation, [...creation].sort((x, y) => y - x));

    const once = (await http(base, 'GET', '/operations?type=test-sleep-once')).json as typeof all;
    assert.ok(once.length >= 1 && once.every((o) => o.type === 'test-sleep-once'));
    const both = (await http(base, 'GET', '/operations?type=test-sleep-once&type=test-sleep')).json as typeof all;
    assert.equal(both.length, all.length);
    const cancelledOrFailed = (await http(base, 'GET', '/operations?state=CANCELLED&state=FAILED')).json as typeof all;
    assert.ok(cancelledOrFailed.length > 0 && cancelledOrFailed.every((o) => ['CANCELLED', 'FAILED'].includes(o.state)));
    const combined = (await http(base, 'GET', '/operations?type=test-sleep-once&state=COMPLETED')).json as typeof all;
    assert.ok(combined.some((o) => o.id === b) && combined.every((o) => o.type === 'test-sleep-once' && o.state === 'COMPLETED'));
    assert.deepEqual((await http(base, 'GET', '/operations?state=completed')).json, [], 'state names are case-sensitive');
  });

  it('adds no CORS headers unless origins are configured (Icarus answered * to every page)', async () => {
    const response = await fetch(`${base}/operations`, { headers: { origin: 'https://evil.example' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    assert.equal(response.headers.get('access-control-allow-methods'), null);
  });
});
