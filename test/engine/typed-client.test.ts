import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import type { RunningServer } from '../../src/cli/server/start-server.js';
import { FakeJolokia } from '../support/fake-jolokia.js';
import { TestRedis } from '../support/redis-server.js';
import { startTestSidecar } from '../support/sidecar.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURE = join(ROOT, 'test/engine/fixtures/typed-client.ts');

/**
 * A typed client generated from the served document, and used: openapi-typescript turns the live
 * /docs-json into api.d.ts, tsc compiles a small openapi-fetch program against it (its
 * @ts-expect-error lines must be errors, so the types cannot be `any`), and the program then drives
 * the running sidecar.
 */
describe('a client generated from /docs-json (openapi-typescript + openapi-fetch) compiles and works', () => {
  let redis: TestRedis;
  let fake: FakeJolokia;
  let server: RunningServer;
  // Inside the worktree, so the program resolves openapi-fetch from its node_modules.
  const dir = join(ROOT, 'dist-test', `typed-client-${process.pid}`);

  before(async () => {
    redis = await TestRedis.start();
    fake = await FakeJolokia.start(FakeJolokia.nodes(2));
    server = await startTestSidecar(redis.url, { jolokiaUrl: fake.url });
    await mkdir(dir, { recursive: true });
  });
  after(async () => {
    await server?.close();
    await fake?.close();
    await redis?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('generates api.d.ts from the live document, compiles the program with tsc, and runs it against the sidecar', { timeout: 120_000 }, async (t) => {
    const document = (await (await fetch(`${server.url}/docs-json`)).json()) as Parameters<typeof openapiTS>[0];
    // Our request schemas are components shared with the operation schemas, so a field with a default
    // is optional (a request may leave it out) though every answer carries it: defaultNonNullable off.
    const types = astToString(await openapiTS(document, { defaultNonNullable: false }));
    assert.match(types, /"test-sleep"/, 'the request types are in the generated file');
    await writeFile(join(dir, 'api.d.ts'), types);
    await copyFile(FIXTURE, join(dir, 'client.ts'));
    await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'ES2023', lib: ['ES2023', 'DOM'], strict: true, skipLibCheck: true, types: [], outDir: '.' },
      files: ['client.ts', 'api.d.ts'],
    }));
    const started = Date.now();
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const compiled = await promisify(execFile)(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')]).catch((err: { stdout?: string; message: string }) => {
      throw new Error(`the generated client does not compile:\n${err.stdout ?? err.message}`);
    });
    assert.equal(compiled.stdout.trim(), '');
    t.diagnostic(`api.d.ts: ${types.length} chars; tsc took ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const program = (await import(pathToFileURL(join(dir, 'client.js')).href)) as { run(base: string): Promise<any> };
    const outcome = await program.run(server.url);
    assert.ok(Date.parse(outcome.buildTime) > 0, outcome.buildTime);
    assert.equal(outcome.nodeState, 'NORMAL');
    assert.equal(outcome.clusterName, 'Fake-Cluster');
    assert.equal(outcome.nodes, 2);
    assert.equal(outcome.submitted.type, 'test-sleep');
    assert.equal(outcome.finished.state, 'COMPLETED');
    assert.equal(outcome.stepsEchoed, 2);
    assert.ok(outcome.listedCompleted.includes(`${outcome.submitted.id} COMPLETED`), outcome.listedCompleted.join(', '));
    assert.ok(outcome.listedCompleted.every((line: string) => line.endsWith(' COMPLETED')), 'the status filter was applied');
    assert.deepEqual(outcome.badFields, ['steps']);
    assert.equal(outcome.missingStatus, 404);
    assert.match(outcome.missingMessage, /does not exist/);
    assert.equal(outcome.cancelStatus, 202);
  });
});
