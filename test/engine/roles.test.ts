import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type RunningServer, startServer } from '../../src/cli/server/start-server.js';
import { protectedMounts } from '../../src/cli/server/protected-mounts.js';
import { ROLES, type Role, roleAllows } from '../../src/common/roles.js';
import { loadConfig } from '../../src/config/sidecar-config.js';
import { OperationRegistry } from '../../src/operations/operation-registry.js';
import { RouteRoles } from '../../src/operations/route-roles.js';
import { testAllowedPaths } from '../support/allowed-paths.js';
import { TestRedis } from '../support/redis-server.js';
import { concretePath, ForgottenRoleModule, RolelessModule, servedSurface, TestAdminSleepModule } from '../support/role-matrix.js';
import { request } from '../support/secure-http.js';
import { TestOperationsModule } from '../support/test-operations.js';

const token = () => randomBytes(24).toString('base64url');
const JOLOKIA = 'http://127.0.0.1:9/jolokia/'; // nothing listens: no answer depends on a bed

/** The roles issue 17 names for operation types (and the ones this sidecar chose for import and commitlog-restore). */
const EXPECTED_TYPE_ROLES: Record<string, Role> = {
  restore: 'admin', truncate: 'admin', 'remove-backup': 'admin', decommission: 'admin', stop: 'admin', drain: 'admin',
  import: 'admin', 'commitlog-restore': 'admin',
  backup: 'operate', 'commitlog-backup': 'operate', list: 'operate', flush: 'operate', cleanup: 'operate', scrub: 'operate',
  upgradesstables: 'operate', refresh: 'operate', rebuild: 'operate',
};

function options(redisUrl: string, extra: Record<string, string | boolean | string[]>) {
  return loadConfig({
    listen: '127.0.0.1:0', redisUrl, queuePrefix: `r${randomUUID().slice(0, 8)}`, dataDir: mkdtempSync(join(tmpdir(), 'icarus-roles-')),
    allowedPath: testAllowedPaths(), jolokiaUrl: JOLOKIA, postRateLimit: '0', ...extra,
  }, {});
}

describe('roles: every route and operation type declares one; each role is checked against every endpoint', () => {
  let redis: TestRedis;
  let server: RunningServer;
  const tokens: Record<Role, string> = { read: token(), operate: token(), admin: token() };
  const as = (role: Role) => ({ token: tokens[role] });

  before(async () => {
    redis = await TestRedis.start();
    const dir = mkdtempSync(join(tmpdir(), 'icarus-roles-tokens-'));
    // The admin line is a token alone: files written before roles existed keep meaning admin.
    writeFileSync(join(dir, 'tokens'), `${tokens.admin}\n${tokens.operate} operate operator\n${tokens.read} read\n`);
    server = await startServer(options(redis.url, { authTokenFile: join(dir, 'tokens'), enableTruncate: true, concurrency: '1' }), {
      extraModules: [TestOperationsModule, TestAdminSleepModule], logger: false, shutdownHook: () => undefined,
    });
    // Holds the only worker, so every operation the matrix gets accepted stays PENDING and never runs.
    const blocker = await request(server.url, 'POST', '/operations', { type: 'test-sleep', steps: 1, stepMs: 600_000 }, as('admin'));
    assert.equal(blocker.status, 201, blocker.text);
  });
  after(async () => {
    if (server) {
      const { json } = await request(server.url, 'GET', '/operations?state=PENDING&state=RUNNING', undefined, as('admin'));
      for (const op of (json ?? []) as Array<{ id: string }>) await request(server.url, 'DELETE', `/operations/${op.id}`, undefined, as('admin'));
      await server.close();
    }
    await redis?.dispose();
  });

  it('knows the role of every route Express serves: each is a declared controller route or under a protected mount', () => {
    const declared = server.app.get(RouteRoles).all();
    const mounts = protectedMounts(server.app).map((m) => m.prefix);
    const under = (path: string) => mounts.some((m) => path === m || path.startsWith(`${m}/`));
    const served = servedSurface(server.app);
    const unknown = served.routes.filter((r) => !declared.some((d) => d.method === r.method && d.path === r.path) && !under(r.path));
    assert.deepEqual(unknown, [], 'routes nobody declared a role for');
    assert.deepEqual(served.mounts.filter((m) => !under(m)), [], 'mounted handlers outside a protected mount');
    assert.ok(declared.length >= 16 && served.routes.length > declared.length, `${declared.length} declared, ${served.routes.length} served`);
    for (const route of declared) {
      if (!['GET', 'HEAD'].includes(route.method)) assert.notEqual(route.requirement, 'read', `${route.method} ${route.path} changes state`);
    }
    // The routes of issue 17's table; routes added later only need a declaration (and no `read` for a state change).
    const known: Record<string, string> = { 'POST /operations': 'operation-type', 'DELETE /operations/:id': 'operate' };
    for (const path of ['/operations', '/operations/:id', '/version', '/version/sidecar', '/version/cassandra', '/version/schema', '/status',
      '/topology', '/topology/:dcs', '/config', '/health/live', '/health/ready', '/metrics', '/whoami']) known[`GET ${path}`] = 'read';
    for (const [key, requirement] of Object.entries(known)) {
      assert.equal(declared.find((d) => `${d.method} ${d.path}` === key)?.requirement, requirement, key);
    }
  });

  it('gives every registered operation type a role, the ones the issue names theirs, and documents them all in OpenAPI', async () => {
    const types = server.app.get(OperationRegistry).all();
    const doc = (await request(server.url, 'GET', '/docs-json', undefined, as('read'))).json;
    for (const { definition } of types) {
      assert.ok(ROLES.includes(definition.role), `${definition.type} has a role`);
      if (EXPECTED_TYPE_ROLES[definition.type]) assert.equal(definition.role, EXPECTED_TYPE_ROLES[definition.type], definition.type);
      assert.equal(doc.components.schemas[definition.request.name]['x-required-role'], definition.role, `${definition.type} in OpenAPI`);
    }
    assert.deepEqual(Object.keys(EXPECTED_TYPE_ROLES).filter((t) => !types.some((r) => r.definition.type === t)), [], 'every type of the issue is registered');
    for (const route of server.app.get(RouteRoles).all()) {
      const path = route.path.replace(/:(\w+)/g, '{$1}');
      const operation = doc.paths[path]?.[route.method.toLowerCase()];
      assert.equal(operation?.['x-required-role'], route.requirement, `${route.method} ${path} in OpenAPI`);
      assert.ok(operation.responses['403'], `${route.method} ${path} documents its 403`);
    }
  });

  it('answers 403 naming the role needed exactly when the credential\'s role is below the route\'s, for every route and role', async () => {
    const routes = server.app.get(RouteRoles).all().filter((r) => r.requirement !== 'operation-type');
    for (const route of routes) {
      for (const role of ROLES) {
        const reply = await request(server.url, route.method, concretePath(route.path), undefined, as(role));
        const label = `${role} → ${route.method} ${route.path}: ${reply.status} ${reply.text.slice(0, 200)}`;
        assert.ok(![401, 500].includes(reply.status), label);
        if (roleAllows(role, route.requirement as Role)) assert.notEqual(reply.status, 403, label);
        else {
          assert.equal(reply.status, 403, label);
          assert.match(reply.json.message, new RegExp(`needs the '${route.requirement}' role; token \\S+ has '${role}'`), label);
        }
      }
    }
    for (const mount of protectedMounts(server.app)) {
      for (const role of ROLES) assert.notEqual((await request(server.url, 'GET', mount.prefix, undefined, as(role))).status, 403, `${role} → ${mount.prefix}`);
      const write = await request(server.url, 'POST', mount.prefix, {}, as('admin'));
      assert.equal(write.status, mount.readOnly ? 405 : write.status, `POST ${mount.prefix} is refused: read-only`);
    }
  });

  it('answers 403 to POST /operations exactly when the role is below the type\'s, for every type and role', async () => {
    for (const { definition } of server.app.get(OperationRegistry).all()) {
      for (const role of ROLES) {
        const reply = await request(server.url, 'POST', '/operations', { type: definition.type }, as(role));
        const label = `${role} → POST ${definition.type}: ${reply.status} ${reply.text.slice(0, 200)}`;
        assert.ok(![401, 500].includes(reply.status), label);
        if (roleAllows(role, definition.role)) assert.notEqual(reply.status, 403, label);
        else {
          assert.equal(reply.status, 403, label);
          assert.match(reply.json.message, new RegExp(`submitting a '${definition.type}' operation needs the '${definition.role}' role`), label);
        }
      }
    }
    const unknown = await request(server.url, 'POST', '/operations', { type: 'no-such-type' }, as('read'));
    assert.equal(unknown.status, 403, 'a reader gets 403, not a 400 about the body');
    assert.match(unknown.json.message, /submitting operations needs the 'operate' role/);
    assert.equal((await request(server.url, 'POST', '/operations', { type: 'no-such-type' }, as('operate'))).status, 400);
  });

  it('lets a credential cancel only operations whose type its role may submit', async () => {
    const admin = await request(server.url, 'POST', '/operations', { type: 'test-admin-sleep' }, as('admin'));
    const sleep = await request(server.url, 'POST', '/operations', { type: 'test-sleep' }, as('operate'));
    assert.equal(admin.status, 201, admin.text);
    assert.equal(sleep.status, 201, sleep.text);
    const refused = await request(server.url, 'DELETE', `/operations/${admin.json.id}`, undefined, as('operate'));
    assert.equal(refused.status, 403, refused.text);
    assert.match(refused.json.message, /cancelling a 'test-admin-sleep' operation needs the 'admin' role; token operator has 'operate'/);
    assert.equal((await request(server.url, 'DELETE', `/operations/${sleep.json.id}`, undefined, as('read'))).status, 403);
    assert.equal((await request(server.url, 'DELETE', `/operations/${sleep.json.id}`, undefined, as('operate'))).status, 202);
    assert.equal((await request(server.url, 'DELETE', `/operations/${admin.json.id}`, undefined, as('admin'))).status, 202);
    assert.equal((await request(server.url, 'DELETE', `/operations/${randomUUID()}`, undefined, as('operate'))).status, 404);
  });

  it('answers GET /whoami with identity, role and via for each credential, never the token', async () => {
    const reader = await request(server.url, 'GET', '/whoami', undefined, as('read'));
    assert.equal(reader.status, 200);
    assert.match(reader.json.identity, /^sha256:[0-9a-f]{12}$/);
    assert.deepEqual({ ...reader.json, identity: 'x' }, { identity: 'x', role: 'read', via: 'token' });
    assert.deepEqual((await request(server.url, 'GET', '/whoami', undefined, as('operate'))).json, { identity: 'operator', role: 'operate', via: 'token' });
    const admin = await request(server.url, 'GET', '/whoami', undefined, as('admin'));
    assert.equal(admin.json.role, 'admin', 'a token alone on its line is admin');
    for (const role of ROLES) assert.ok(!JSON.stringify((await request(server.url, 'GET', '/whoami', undefined, as(role))).json).includes(tokens[role]));
    assert.equal((await request(server.url, 'GET', '/whoami')).status, 401);
  });

  it('refuses to boot with a route or an operation type that declares no role', async () => {
    await assert.rejects(startServer(options(redis.url, {}), { extraModules: [ForgottenRoleModule], logger: false }), /GET \/forgotten .*declares no role/);
    await assert.rejects(startServer(options(redis.url, {}), { extraModules: [RolelessModule], logger: false }), /operation type 'test-roleless' declares no role/);
  });

  it('without authentication everyone is an anonymous admin, as in Icarus', async () => {
    const open = await startServer(options(redis.url, {}), { extraModules: [TestOperationsModule], logger: false });
    try {
      assert.deepEqual((await request(open.url, 'GET', '/whoami')).json, { identity: 'anonymous', role: 'admin', via: 'none' });
    } finally {
      await open.close();
    }
  });
});
