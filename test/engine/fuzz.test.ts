import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type RunningServer, startServer } from '../../src/cli/server/start-server.js';
import { loadConfig } from '../../src/config/sidecar-config.js';
import { OperationRegistry } from '../../src/operations/operation-registry.js';
import { parseOperationRequest } from '../../src/operations/request-parser.js';
import { FakeJolokia } from '../support/fake-jolokia.js';
import { fingerprint, prototypeShapes, RawClient, seedStorageRoot } from '../support/fuzz/fuzz-target.js';
import { type FuzzRequest, postRequest, queryRequest } from '../support/fuzz/http-requests.js';
import { POLLUTION_MARK, Random } from '../support/fuzz/random.js';
import { BodyFactory, FUZZ_KEYSPACE, FUZZ_TABLE, fuzzDirs, validTemplates } from '../support/fuzz/request-bodies.js';
import { TestRedis } from '../support/redis-server.js';
import { http } from '../support/sidecar.js';

/*
 * Bad input, tested (issue 11): thousands of generated requests against a sidecar whose Jolokia is a
 * recording fake (no Cassandra needed, so it runs in every CI run): never a 5xx, never a crash, no
 * prototype pollution, no POST accepted, no mutating JMX call, no byte changed in storage.
 * FUZZ_SEED and FUZZ_BODIES replay or widen a run; the defaults are what CI runs.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const BODIES = Number(process.env.FUZZ_BODIES ?? 5000);
const QUERIES = Number(process.env.FUZZ_QUERIES ?? 1500);
const IN_FLIGHT = 8;
/** JMX operations that only read; anything else (and any `write`) would change the node. */
const READ_ONLY_EXEC = /^(get[A-Z]\w*|trueSnapshotsSize)\(/;
/**
 * Node's HTTP server refuses a request head over 16 KiB with 431 and closes the socket at once, so a
 * client still sending such a head may see a reset instead of the 431: that is a refusal, not a crash.
 */
const OVERSIZED_HEAD = 16 * 1024 - 256;

interface Failure {
  request: FuzzRequest;
  status: number;
  answer: string;
}

describe('fuzz: generated requests to every endpoint', () => {
  let redis: TestRedis;
  let jolokia: FakeJolokia;
  let server: RunningServer;
  let root: string;
  let sidecarDir: string;
  let stopRequests = 0;
  const crashes: string[] = [];
  const onCrash = (err: unknown) => crashes.push(String((err as Error)?.stack ?? err));

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'icarus-fuzz-'));
    sidecarDir = await mkdtemp(join(tmpdir(), 'icarus-fuzz-sidecar-'));
    await seedStorageRoot(root);
    const dirs = fuzzDirs(root);
    redis = await TestRedis.start();
    jolokia = await FakeJolokia.start(FakeJolokia.nodes(1));
    jolokia.schema = { ...jolokia.schema, [FUZZ_KEYSPACE]: [FUZZ_TABLE] };
    jolokia.dataDirs = [dirs.data];
    jolokia.commitLogDir = dirs.commitlog;
    const config = loadConfig({
      listen: '127.0.0.1:0', redisUrl: redis.url, queuePrefix: `fuzz${SEED}`, dataDir: sidecarDir,
      jolokiaUrl: jolokia.url, enableTruncate: true, cassandraConfigDir: dirs.conf,
      // Every body must reach the validators: the per-client POST limit (one client here) would answer most with 429.
      postRateLimit: '0',
    }, {});
    // A `stop` that slipped through would SIGTERM the test runner; count it instead.
    server = await startServer(config, { logger: false, shutdownHook: () => stopRequests++ });
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
  });
  after(async () => {
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    await server?.close();
    await jolokia?.close();
    await redis?.dispose();
    await rm(root, { recursive: true, force: true });
    await rm(sidecarDir, { recursive: true, force: true });
  });

  it('every template is a valid request of its type, and every registered type has one', async () => {
    const registry = server.app.get(OperationRegistry);
    const templates = validTemplates(root);
    assert.deepEqual(Object.keys(templates).sort(), registry.typeIds(), 'a template per registered operation type');
    for (const [type, body] of Object.entries(templates)) {
      const parsed = await parseOperationRequest(structuredClone(body), registry);
      await assert.doesNotReject(Promise.resolve(parsed.registered.handler.precheck?.(parsed.instance, { active: [] })), `template ${type} passes its precheck`);
    }
  });

  it(`${BODIES} bodies and ${QUERIES} queries: no 5xx, no crash, nothing accepted, nothing changed`, { timeout: 600_000 }, async (t) => {
    const registry = server.app.get(OperationRegistry);
    const classes = new Map(registry.all().map((r) => [r.definition.type, r.definition.request]));
    const random = new Random(SEED);
    const bodies = new BodyFactory(random, root, validTemplates(root), classes);
    const storageBefore = await fingerprint(root);
    const shapesBefore = prototypeShapes();
    const url = new URL(server.url);
    const client = new RawClient(url.hostname, Number(url.port));

    // One generator shared by the senders: the sequence of requests depends only on the seed.
    let posts = 0;
    let queries = 0;
    const next = (): FuzzRequest | undefined => {
      if (posts >= BODIES && queries >= QUERIES) return undefined;
      const wantPost = queries >= QUERIES || (posts < BODIES && random.int(0, BODIES + QUERIES) < BODIES);
      if (wantPost) posts++;
      else queries++;
      return wantPost ? postRequest(random, bodies) : queryRequest(random);
    };
    const statuses = new Map<string, number>();
    const kinds = new Map<string, number>();
    const failures: Failure[] = [];
    const started = performance.now();
    await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
      for (let request = next(); request; request = next()) {
        const answer = await client.send(request);
        const oversized = request.path.length + JSON.stringify(request.headers).length > OVERSIZED_HEAD;
        if (answer.error && oversized) answer.status = 431;
        const key = answer.error ? (oversized ? '431 (reset)' : 'no answer') : String(answer.status);
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        kinds.set(request.kind, (kinds.get(request.kind) ?? 0) + 1);
        const post = request.method === 'POST' && request.path === '/operations';
        const dashboardWrite = request.path.startsWith('/dashboard') && !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
        const accepted = answer.status >= 200 && answer.status < 400 && (post || dashboardWrite);
        if ((answer.error && !oversized) || answer.status >= 500 || accepted) failures.push({ request, status: answer.status, answer: answer.error ?? answer.body.slice(0, 300) });
      }
    }));
    const seconds = (performance.now() - started) / 1000;
    client.close();

    const histogram = [...statuses].sort().map(([s, n]) => `${s}×${n}`).join(' ');
    t.diagnostic(`seed ${SEED}: ${posts} POST bodies + ${queries} other requests in ${seconds.toFixed(1)} s; statuses ${histogram}`);
    t.diagnostic(`kinds: ${[...kinds].sort().map(([k, n]) => `${k}×${n}`).join(' ')}`);
    const shown = failures.slice(0, 5).map((f) => `${f.status} ${f.request.kind} ${f.request.method} ${f.request.path.slice(0, 120)} ` +
      `${f.request.body?.subarray(0, 300).toString('utf8') ?? ''} → ${f.answer}`);
    assert.deepEqual(shown, [], `${failures.length} requests answered 5xx, not at all, or were accepted`);
    assert.deepEqual(crashes, [], 'no uncaught exception or unhandled rejection');
    assert.equal(stopRequests, 0);

    // Still alive, and nothing happened: no operation, no prototype pollution, no JMX change, no storage change.
    assert.equal((await http(server.url, 'GET', '/version')).status, 200, 'the sidecar still answers');
    assert.deepEqual((await http(server.url, 'GET', '/operations')).json, [], 'no operation was created');
    assert.deepEqual(prototypeShapes(), shapesBefore, 'built-in prototypes unchanged');
    assert.equal(({} as Record<string, unknown>)[POLLUTION_MARK], undefined);
    assert.equal(([] as unknown as Record<string, unknown>)[POLLUTION_MARK], undefined);
    const changes = jolokia.received.filter((r) => r.type === 'write' || (r.type === 'exec' && !READ_ONLY_EXEC.test(r.operation ?? '')));
    assert.deepEqual(changes, [], 'no mutating Jolokia call');
    t.diagnostic(`Jolokia saw ${jolokia.received.length} read-only requests (${new Set(jolokia.received.map((r) => r.type)).size} kinds), no exec or write`);
    assert.deepEqual(await fingerprint(root), storageBefore, 'storage root unchanged');
  });
});
