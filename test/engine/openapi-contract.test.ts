import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { RunningServer } from '../../src/cli/server/start-server.js';
import { FakeJolokia } from '../support/fake-jolokia.js';
import { ResponseContract } from '../support/openapi-contract.js';
import { TestRedis } from '../support/redis-server.js';
import { http, startTestSidecar, waitForState } from '../support/sidecar.js';

/**
 * /docs-json as a contract: a valid OpenAPI document in which every answer of every endpoint has a
 * schema, and live answers — operations in every state, errors of every kind, node information —
 * match the schemas documented for them, with no operation field left undocumented.
 */
describe('OpenAPI contract: /docs-json validates and live answers match it', () => {
  let redis: TestRedis;
  let fake: FakeJolokia;
  let server: RunningServer;
  let offline: RunningServer;
  let closedPort: Server;
  let contract: ResponseContract;

  before(async () => {
    redis = await TestRedis.start();
    fake = await FakeJolokia.start(FakeJolokia.nodes(1));
    server = await startTestSidecar(redis.url, { jolokiaUrl: fake.url });
    // A sidecar whose Jolokia never answers: a port that accepts nothing (a server bound, then closed).
    closedPort = createServer();
    await new Promise<void>((resolve) => closedPort.listen(0, '127.0.0.1', resolve));
    const port = (closedPort.address() as AddressInfo).port;
    await new Promise((resolve) => closedPort.close(resolve));
    offline = await startTestSidecar(redis.url, {
      jolokiaUrl: `http://127.0.0.1:${port}/jolokia/`,
      jolokiaTimeout: '2000',
      cassandraConfigDir: mkdtempSync(join(tmpdir(), 'icarus-no-yaml-')),
    });
    contract = await ResponseContract.load(server.url);
  });
  after(async () => {
    await offline?.close();
    await server?.close();
    await fake?.close();
    await redis?.dispose();
  });

  it('is a valid OpenAPI document (@seriousme/openapi-schema-validator)', async () => {
    const result = await new Validator().validate(contract.document);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
    assert.equal(contract.document.openapi.startsWith('3.'), true);
  });

  it('gives every answer of every endpoint a JSON schema (DELETE 202, /config and /metrics excepted: no body, YAML, Prometheus text)', () => {
    const missing: string[] = [];
    for (const [path, item] of Object.entries(contract.document.paths as Record<string, Record<string, any>>)) {
      for (const [method, operation] of Object.entries(item)) {
        const statuses = Object.keys(operation.responses);
        if (!statuses.some((s) => s.startsWith('2'))) missing.push(`${method} ${path}: no success answer`);
        for (const status of statuses) {
          if ((method === 'delete' && status === '202') || ((path === '/config' || path === '/metrics') && status === '200')) continue;
          if (!contract.schemaOf(method, path, Number(status))) missing.push(`${method} ${path} ${status}`);
        }
      }
    }
    assert.deepEqual(missing, []);
    const yaml = contract.document.paths['/config'].get.responses['200'].content['application/yaml'];
    assert.equal(yaml.schema.type, 'string');
    assert.equal(contract.document.paths['/metrics'].get.responses['200'].content['text/plain'].schema.type, 'string');
  });

  it('types an operation as oneOf one schema per registered type, each the envelope + request + result', () => {
    const schemas = contract.document.components.schemas;
    const operation = schemas.Operation;
    assert.equal(operation.discriminator.propertyName, 'type');
    for (const type of ['backup', 'restore', 'flush', 'cleanup', 'test-sleep']) assert.ok(operation.discriminator.mapping[type], type);
    const backup = schemas.BackupOperation.allOf.map((p: { $ref: string }) => p.$ref);
    assert.deepEqual(backup, ['#/components/schemas/OperationEnvelope', '#/components/schemas/BackupRequest', '#/components/schemas/BackupResult']);
    assert.deepEqual(schemas.OperationEnvelope.required.sort(), ['creationTime', 'errors', 'id', 'progress', 'state', 'type']);
    assert.deepEqual(schemas.OperationErrorBody.required.sort(), ['message', 'source']);
    assert.deepEqual(schemas.ValidationErrorBody.required.sort(), ['errors', 'message']);
    assert.deepEqual(schemas.FieldProblemBody.required.sort(), ['field', 'problem']);
    const list = contract.document.paths['/operations'].get;
    assert.deepEqual(list.parameters.map((p: { name: string }) => p.name).sort(), ['limit', 'offset', 'since', 'state', 'status', 'type']);
  });

  it('operations in every state, and listings, match their schemas with no undocumented field', async () => {
    const base = server.url;
    const post = async (body: Record<string, unknown>) => {
      const response = await http(base, 'POST', '/operations', body);
      assert.equal(response.status, 201, response.text);
      contract.check('POST', '/operations', 201, response.json);
      return response.json;
    };
    const done = await post({ type: 'test-sleep', steps: 2, stepMs: 1, note: 'done' });
    const failed = await post({ type: 'test-sleep', steps: 1, stepMs: 1, fail: true });
    const running = await post({ type: 'test-sleep', steps: 200, stepMs: 50 });
    const seen = [
      await waitForState(base, done.id, ['COMPLETED']),
      await waitForState(base, failed.id, ['FAILED']),
      await waitForState(base, running.id, ['RUNNING']),
    ];
    await http(base, 'DELETE', `/operations/${running.id}`);
    seen.push(await waitForState(base, running.id, ['CANCELLED']));
    for (const operation of seen) {
      contract.check('GET', '/operations/{id}', 200, operation);
      assert.deepEqual(contract.undocumentedFields(operation), [], JSON.stringify(operation));
    }
    const listed = await http(base, 'GET', '/operations');
    contract.check('GET', '/operations', 200, listed.json);
    assert.ok(listed.json.length >= 3);
  });

  it('`status` is an alias of `state` in the list filter (the Go client\'s name); both are OR\'ed', async () => {
    const base = server.url;
    const done = (await http(base, 'POST', '/operations', { type: 'test-sleep', steps: 1, stepMs: 1 })).json;
    const running = (await http(base, 'POST', '/operations', { type: 'test-sleep', steps: 200, stepMs: 50 })).json;
    await waitForState(base, done.id, ['COMPLETED']);
    await waitForState(base, running.id, ['RUNNING']);
    const states = async (query: string) => {
      const { status, json } = await http(base, 'GET', `/operations?${query}`);
      assert.equal(status, 200);
      return new Set((json as Array<{ state: string }>).map((o) => o.state));
    };
    assert.deepEqual(await states('status=COMPLETED'), new Set(['COMPLETED']));
    assert.deepEqual(await states('status=RUNNING'), new Set(['RUNNING']));
    assert.deepEqual(await states('status=RUNNING&state=COMPLETED'), new Set(['RUNNING', 'COMPLETED']));
    assert.deepEqual(await states('state=RUNNING'), new Set(['RUNNING']));
    await http(base, 'DELETE', `/operations/${running.id}`);
  });

  it('error answers match their schemas: 400, 404, 409, 413, 415, 503 when Jolokia is away, and the 404 of /config', async () => {
    const base = server.url;
    const bad = await http(base, 'POST', '/operations', { type: 'test-sleep', steps: 0, fail: 'perhaps' });
    assert.equal(bad.status, 400);
    contract.check('POST', '/operations', 400, bad.json);
    assert.deepEqual(bad.json.errors.map((e: { field: string }) => e.field).sort(), ['fail', 'steps']);
    const malformed = await http(base, 'POST', '/operations', '{"type": ');
    contract.check('POST', '/operations', 400, malformed.json);
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const missing = await http(base, 'GET', `/operations/${id}`);
      assert.equal(missing.status, 404);
      contract.check('GET', '/operations/{id}', 404, missing.json);
      contract.check('DELETE', '/operations/{id}', 404, (await http(base, 'DELETE', `/operations/${id}`)).json);
    }
    const holder = await http(base, 'POST', '/operations', { type: 'test-sleep', steps: 100, stepMs: 50, exclusive: true });
    const conflict = await http(base, 'POST', '/operations', { type: 'test-sleep', exclusive: true });
    assert.equal(conflict.status, 409);
    contract.check('POST', '/operations', 409, conflict.json);
    await http(base, 'DELETE', `/operations/${holder.json.id}`);
    const large = await http(base, 'POST', '/operations', { type: 'test-sleep', note: 'x'.repeat(1_100_000) });
    assert.equal(large.status, 413);
    contract.check('POST', '/operations', 413, large.json);
    const encoded = await fetch(`${base}/operations`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'compress-ish' }, body: '{}' });
    assert.equal(encoded.status, 415);
    contract.check('POST', '/operations', 415, await encoded.json());
    const away = await http(offline.url, 'GET', '/status');
    assert.equal(away.status, 503);
    contract.check('GET', '/status', 503, away.json);
    const noYaml = await http(offline.url, 'GET', '/config');
    assert.equal(noYaml.status, 404);
    contract.check('GET', '/config', 404, noYaml.json);
    const noDc = await http(base, 'GET', '/topology/nosuchdc');
    assert.equal(noDc.status, 400, noDc.text);
    contract.check('GET', '/topology/{dcs}', 400, noDc.json);
  });

  it('node information matches its schemas; buildTime is RFC 3339', async () => {
    const base = server.url;
    const paths = ['/version', '/version/sidecar', '/version/cassandra', '/version/schema', '/status', '/topology', '/topology/{dcs}'];
    for (const path of paths) {
      const response = await http(base, 'GET', path.replace('{dcs}', 'dc1'));
      assert.equal(response.status, 200, `${path}: ${response.text}`);
      contract.check('GET', path, 200, response.json);
    }
    const { json } = await http(base, 'GET', '/version');
    assert.match(json.buildTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.ok(Date.parse(json.buildTime) > Date.parse('2020-01-01') && Date.parse(json.buildTime) <= Date.now());
  });
});
