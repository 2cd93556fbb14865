import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../src/cli/server/start-server.js';
import { OperationsRedis } from '../support/operation-index-check.js';
import { TestRedis } from '../support/redis-server.js';
import { http, startTestSidecar, waitFor, waitForState } from '../support/sidecar.js';

type Op = { id: string; type: string; state: string; creationTime: string };
const STATES = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'];
const TYPES = ['test-sleep', 'test-sleep-once'];

describe('operation indexes', () => {
  let redis: TestRedis;
  let server: RunningServer;
  let base: string;
  let store: OperationsRedis;
  const post = async (body: Record<string, unknown>): Promise<string> => {
    const response = await http(base, 'POST', '/operations', body);
    assert.equal(response.status, 201, response.text);
    return response.json.id;
  };
  const list = async (query = ''): Promise<Op[]> => {
    const response = await http(base, 'GET', `/operations${query}`);
    assert.equal(response.status, 200, response.text);
    return response.json;
  };

  before(async () => {
    redis = await TestRedis.start();
    const queuePrefix = `ix${randomUUID().slice(0, 8)}`;
    server = await startTestSidecar(redis.url, { concurrency: '2', queuePrefix });
    base = server.url;
    store = new OperationsRedis(redis.url, queuePrefix);
  });
  after(async () => {
    await store?.close();
    await server?.close();
    await redis?.dispose();
  });

  let running: string[] = [];
  let pending: string[] = [];

  it('stays consistent with the jobs through submit, run, finish and cancel; the full list is what the engine listed before', async () => {
    const finished: string[] = [];
    for (let i = 0; i < 12; i++) finished.push(await post({ type: TYPES[i % 3 === 0 ? 1 : 0], steps: 1, stepMs: 0, fail: i % 4 === 1 }));
    await store.assertIndexesMatchJobs('after submit');
    for (const id of finished) await waitForState(base, id, ['COMPLETED', 'FAILED']);
    const cancelledRun = await post({ type: 'test-sleep-once', steps: 100, stepMs: 50 });
    await waitForState(base, cancelledRun, ['RUNNING']);
    await http(base, 'DELETE', `/operations/${cancelledRun}`);
    await waitForState(base, cancelledRun, ['CANCELLED']);
    // Two long runs fill the concurrency of 2: what comes next stays PENDING, one of them cancelled there.
    running = [await post({ type: 'test-sleep', steps: 2, stepMs: 60_000 }), await post({ type: 'test-sleep-once', steps: 2, stepMs: 60_000 })];
    for (const id of running) await waitForState(base, id, ['RUNNING']);
    pending = [await post({ type: 'test-sleep', steps: 1 }), await post({ type: 'test-sleep-once', steps: 1 }), await post({ type: 'test-sleep', steps: 1 })];
    await http(base, 'DELETE', `/operations/${pending[2]}`);
    await store.assertIndexesMatchJobs('after run, finish and cancel');

    const all = await list();
    assert.deepEqual(all, await store.referenceList(), 'same operations, same JSON, same order as the scan it replaces');
    assert.deepEqual(new Set(all.map((o) => o.state)), new Set(STATES), 'every state is present');
    const creation = all.map((o) => o.creationTime);
    assert.deepEqual(creation, [...creation].sort().reverse(), 'newest first');
  });

  it('filters by every combination of states and types exactly as the full list does', async () => {
    const all = await list();
    const stateSets = [...STATES.map((s) => [s]), ['PENDING', 'RUNNING'], ['FAILED', 'CANCELLED'], ['COMPLETED', 'FAILED', 'CANCELLED'], ['completed'], ['NOPE']];
    const typeSets = [[], ['test-sleep'], ['test-sleep-once'], TYPES, ['no-such-type']];
    for (const states of [[], ...stateSets]) {
      for (const types of typeSets) {
        const query = [...states.map((s) => `state=${s}`), ...types.map((t) => `type=${t}`)].join('&');
        const expected = all.filter((o) => (!states.length || states.includes(o.state)) && (!types.length || types.includes(o.type)));
        assert.deepEqual(await list(`?${query}`), expected, query);
      }
    }
  });

  it('pages with limit and offset, and keeps what was created since a time', async () => {
    const all = await list();
    const paged: Op[] = [];
    for (let offset = 0; offset < all.length + 5; offset += 5) paged.push(...(await list(`?limit=5&offset=${offset}`)));
    assert.deepEqual(paged, all);
    assert.deepEqual(await list('?limit=3'), all.slice(0, 3));
    assert.deepEqual(await list(`?offset=${all.length - 2}`), all.slice(-2));
    assert.deepEqual(await list(`?offset=${all.length}`), []);
    const finishedSleeps = all.filter((o) => o.type === 'test-sleep' && ['FAILED', 'COMPLETED'].includes(o.state));
    assert.deepEqual(await list('?type=test-sleep&state=FAILED&state=COMPLETED&limit=2&offset=1'), finishedSleeps.slice(1, 3));
    assert.deepEqual(await list('?state=PENDING&limit=1'), all.filter((o) => o.state === 'PENDING').slice(0, 1));

    const pivot = all[6].creationTime;
    const expected = all.filter((o) => o.creationTime >= pivot);
    assert.deepEqual(await list(`?since=${encodeURIComponent(pivot)}`), expected);
    assert.deepEqual(await list(`?since=${Date.parse(pivot)}`), expected);
    assert.deepEqual(await list(`?since=${Date.parse(pivot)}&type=test-sleep-once&limit=1`), expected.filter((o) => o.type === 'test-sleep-once').slice(0, 1));
    assert.deepEqual(await list(`?since=${Date.now() + 60_000}`), []);
  });

  it('refuses malformed limit, offset and since with 400 naming the parameter', async () => {
    for (const [query, field] of [['limit=0', 'limit'], ['limit=x', 'limit'], ['offset=-1', 'offset'], ['since=soon', 'since'], ['since=1&since=2', 'since']]) {
      const response = await http(base, 'GET', `/operations?${query}`);
      assert.equal(response.status, 400, `${query}: ${response.text}`);
      assert.deepEqual(response.json.errors.map((e: { field: string }) => e.field), [field], query);
    }
  });

  it('skips and prunes an entry whose job was removed behind its back', async () => {
    const [victim] = (await list('?state=COMPLETED&limit=1')).map((o) => o.id);
    await store.queue.remove(victim);
    assert.ok(await store.redis.zscore(store.keys.byCreation, victim), 'still indexed until a listing meets it');
    assert.equal((await list()).some((o) => o.id === victim), false);
    assert.equal(await store.redis.zscore(store.keys.byCreation, victim), null);
    assert.equal(await store.redis.zscore(`${store.keys.byTypePrefix}test-sleep`, victim), null);
    await store.assertIndexesMatchJobs('after pruning');
  });

  it('prechecks see the active operations only', async () => {
    const first = await post({ type: 'test-sleep', steps: 1, exclusive: true });
    const second = await http(base, 'POST', '/operations', { type: 'test-sleep', steps: 1, exclusive: true });
    assert.equal(second.status, 409, 'a PENDING exclusive one blocks');
    await http(base, 'DELETE', `/operations/${first}`);
    assert.equal((await http(base, 'POST', '/operations', { type: 'test-sleep-once', steps: 1, exclusive: true })).status, 201, 'other type');
    const third = await http(base, 'POST', '/operations', { type: 'test-sleep', steps: 1, exclusive: true });
    assert.equal(third.status, 201, 'a CANCELLED one does not block');
    for (const id of [...running, ...pending, third.json.id]) await http(base, 'DELETE', `/operations/${id}`);
  });
});

describe('operation indexes under expiry and upgrade', () => {
  let redis: TestRedis;
  before(async () => {
    redis = await TestRedis.start();
  });
  after(async () => {
    await redis?.dispose();
  });

  it('index entries and cancel requests go when their jobs expire; running ones stay', async () => {
    const queuePrefix = `ex${randomUUID().slice(0, 8)}`;
    const server = await startTestSidecar(redis.url, { operationsExpiration: '2s', queuePrefix });
    const store = new OperationsRedis(redis.url, queuePrefix);
    try {
      const base = server.url;
      const post = async (body: Record<string, unknown>) => (await http(base, 'POST', '/operations', body)).json.id as string;
      const done = [await post({ type: 'test-sleep', steps: 1, stepMs: 0 }), await post({ type: 'test-sleep-once', steps: 1, stepMs: 0, fail: true })];
      const cancelled = await post({ type: 'test-sleep', steps: 200, stepMs: 50 });
      await waitForState(base, cancelled, ['RUNNING']);
      await http(base, 'DELETE', `/operations/${cancelled}`);
      const long = await post({ type: 'test-sleep-once', steps: 200, stepMs: 100 });
      for (const id of [...done, cancelled]) await waitForState(base, id, ['COMPLETED', 'FAILED', 'CANCELLED']);
      assert.equal(await store.redis.zcard(store.keys.byCreation), 4);
      await waitFor('expiry', async () => ((await http(base, 'GET', `/operations/${cancelled}`)).status === 404 ? true : undefined), 15_000);
      await waitFor('the other two', async () => ((await store.redis.zcard(store.keys.byCreation)) === 1 ? true : undefined), 5_000);
      assert.deepEqual(await store.redis.zrange(store.keys.byCreation, '0', '-1'), [long]);
      assert.deepEqual(await store.redis.zrange(`${store.keys.byTypePrefix}test-sleep`, '0', '-1'), []);
      assert.deepEqual(await store.redis.zrange(`${store.keys.byTypePrefix}test-sleep-once`, '0', '-1'), [long]);
      assert.deepEqual(await store.redis.hkeys(store.keys.cancelRequests), []);
      assert.deepEqual((await http(base, 'GET', '/operations')).json.map((o: Op) => o.id), [long]);
      await store.assertIndexesMatchJobs('after expiry');
      await http(base, 'DELETE', `/operations/${long}`);
    } finally {
      await store.close();
      await server.close();
    }
  });

  it('a sidecar started over jobs from before the indexes lists them, newest first', async () => {
    const queuePrefix = `up${randomUUID().slice(0, 8)}`;
    const store = new OperationsRedis(redis.url, queuePrefix);
    const ids: string[] = [];
    const start = Date.now() - 10_000;
    for (let sequence = 1; sequence <= 5; sequence++) {
      const id = randomUUID();
      ids.unshift(id);
      // Jobs as the engine added them before: queue.add, no index entries. Two share one millisecond.
      const creationTime = new Date(start + Math.min(sequence, 4) * 1000).toISOString();
      await store.queue.add(TYPES[sequence % 2], { request: { type: TYPES[sequence % 2], steps: 1, stepMs: 0 }, creationTime, errors: [], checkpoints: {}, runs: 0, sequence }, { jobId: id });
    }
    await store.redis.set(store.keys.sequence, '5');
    const server = await startTestSidecar(redis.url, { queuePrefix });
    try {
      const fresh = (await http(server.url, 'POST', '/operations', { type: 'test-sleep', steps: 1, stepMs: 0 })).json.id;
      const listed = (await http(server.url, 'GET', '/operations')).json as Op[];
      assert.deepEqual(listed.map((o) => o.id), [fresh, ...ids]);
      assert.deepEqual((await http(server.url, 'GET', '/operations?type=test-sleep-once')).json.map((o: Op) => o.id), ids.filter((_, i) => i % 2 === 0));
      await store.assertIndexesMatchJobs('after backfill');
    } finally {
      await store.close();
      await server.close();
    }
  });
});
