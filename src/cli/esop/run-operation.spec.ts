import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DiscoveryService, Reflector } from '@nestjs/core';
import { CancelledError, ValidationError } from '../../common/errors.js';
import { loadConfig } from '../../config/sidecar-config.js';
import { type OperationContext, type OperationHandler, OperationHandlerFor } from '../../operations/operation-handler.js';
import { OperationRegistry } from '../../operations/operation-registry.js';
import { IntField, StringField, TypeField } from '../../operations/request-fields.js';
import { runOperation } from './run-operation.js';
import { Terminal } from './terminal.js';

class CopyRequest {
  @TypeField('test-copy') type = 'test-copy';
  @StringField('what to do', { required: true }) mode: string;
  @IntField('parallel copies', { min: 1 }) concurrentConnections?: number;
}

/** A handler whose behaviour the request picks, to drive every path of the runner. */
@OperationHandlerFor({ type: 'test-copy', request: CopyRequest, resumable: false, role: 'operate' })
class CopyHandler implements OperationHandler<CopyRequest> {
  seen?: unknown;

  async precheck(request: CopyRequest): Promise<void> {
    if (request.mode === 'refuse') throw ValidationError.forField('mode', 'is refused by the precheck');
  }

  async run(context: OperationContext<CopyRequest>): Promise<void> {
    this.seen = context.request;
    const { mode } = context.request;
    await context.checkpoint('step', { n: 1 });
    assert.deepEqual(context.restore('step'), { n: 1 });
    assert.equal(context.resumed, false);
    await context.progress(0.5, { bytesTotal: 2000, bytesTransferred: 1000 });
    context.output('a report');
    if (mode === 'soft') await context.addError('one file could not be read');
    if (mode === 'throw') throw new Error('bucket is gone');
    if (mode === 'wait') {
      await new Promise((resolve) => context.signal.addEventListener('abort', resolve));
      throw context.signal.reason;
    }
    await context.progress(1, { bytesTotal: 2000, bytesTransferred: 2000 });
  }
}

function setUp() {
  const handler = new CopyHandler();
  const discovery = { getProviders: () => [{ metatype: CopyHandler, instance: handler }] } as unknown as DiscoveryService;
  const registry = new OperationRegistry(discovery, new Reflector(), loadConfig({}, {}));
  const out: string[] = [];
  const err: string[] = [];
  const terminal = new Terminal({ write: (t) => out.push(t), isTTY: false }, { write: (t) => err.push(t) });
  const flagFor = (field: string) => (field === 'concurrentConnections' ? '--cc, --concurrent-connections' : undefined);
  const run = (body: Record<string, unknown>, signal = new AbortController().signal) =>
    runOperation(registry, { command: 'icarus esop copy', label: 'copy', body, flagFor }, terminal, signal);
  return { handler, run, out, err: () => err.join('') };
}

describe('esop runner', () => {
  it('runs a request through parser and handler; output on stdout, progress lines on stderr', async () => {
    const { handler, run, out, err } = setUp();
    assert.equal(await run({ type: 'test-copy', mode: 'ok', concurrentConnections: '3', unknown: 1 }), 'completed');
    assert.deepEqual(handler.seen, { type: 'test-copy', mode: 'ok', concurrentConnections: 3 }, 'validated JSON, unknown fields dropped');
    assert.deepEqual(out, ['a report\n']);
    assert.match(err(), /^copy 50% 1\.0 kB\/2\.0 kB\ncopy 100% 2\.0 kB\/2\.0 kB .*done in 0s\n$/);
  });

  it('says a type is not available instead of calling it unknown', async () => {
    const { run, err } = setUp();
    assert.equal(await run({ type: 'restore' }), 'unavailable');
    assert.equal(err(), "icarus esop copy: operation type 'restore' is not available in this version\n");
  });

  it('names the flag of each field the parser or the precheck refuses', async () => {
    const bad = setUp();
    assert.equal(await bad.run({ type: 'test-copy', mode: 'ok', concurrentConnections: 'many' }), 'invalid');
    assert.match(bad.err(), /^icarus esop copy: invalid 'test-copy' request: /);
    assert.match(bad.err(), /\n {2}--cc, --concurrent-connections \(concurrentConnections\): must be a whole number\n/);
    const refused = setUp();
    assert.equal(await refused.run({ type: 'test-copy', mode: 'refuse' }), 'invalid');
    assert.match(refused.err(), /\n {2}mode: is refused by the precheck\n$/);
  });

  it('fails on errors recorded or thrown, listing them without stack traces', async () => {
    const soft = setUp();
    assert.equal(await soft.run({ type: 'test-copy', mode: 'soft' }), 'failed');
    assert.match(soft.err(), /icarus esop copy: the operation failed with an error\n {2}- one file could not be read\n$/);
    const thrown = setUp();
    assert.equal(await thrown.run({ type: 'test-copy', mode: 'throw' }), 'failed');
    assert.match(thrown.err(), /copy 50% .* failed after 0s\nicarus esop copy: bucket is gone\n$/);
    assert.doesNotMatch(thrown.err(), /\n\s+at /);
  });

  it('ends cancelled when its signal is aborted', async () => {
    const { run, err } = setUp();
    const controller = new AbortController();
    const outcome = run({ type: 'test-copy', mode: 'wait' }, controller.signal);
    setTimeout(() => controller.abort(new CancelledError('cancelled by SIGINT')), 20);
    assert.equal(await outcome, 'cancelled');
    assert.match(err(), /cancelled after 0s\nicarus esop copy: cancelled by SIGINT\n$/);
  });
});
