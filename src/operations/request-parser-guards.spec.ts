import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../common/errors.js';
import type { OperationRegistry, RegisteredOperationType } from './operation-registry.js';
import { StringField, TypeField } from './request-fields.js';
import { inspectBody, MAX_BODY_DEPTH, parseOperationRequest } from './request-parser.js';

class FlushRequest {
  @TypeField('flush') type = 'flush';
  @StringField('keyspace', { pattern: /^\w+$/ }) keyspace?: string;
}

/** A registry holding only `flush`: enough to drive the parser without Nest. */
const registry = {
  get: (type: string) => (type === 'flush' ? ({ definition: { type, request: FlushRequest, resumable: true } } as unknown as RegisteredOperationType) : undefined),
  typeIds: () => ['flush'],
} as unknown as OperationRegistry;

function nested(levels: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

describe('parseOperationRequest', () => {
  it('refuses a body nested 10,000 levels deep with a 400 naming the body (it overflowed the stack: 500)', async () => {
    for (const deep of [nested(10_000), { type: 'flush', extra: nested(10_000) }, { type: 'flush', keyspace: nested(5_000) }]) {
      await assert.rejects(parseOperationRequest(deep, registry), (err: unknown) => {
        assert.ok(err instanceof ValidationError, String(err));
        assert.deepEqual(err.problems.map((p) => p.field), ['body']);
        return true;
      });
    }
  });

  it('still accepts nesting up to the limit in fields it ignores', async () => {
    const parsed = await parseOperationRequest({ type: 'flush', keyspace: 'ks1', extra: nested(MAX_BODY_DEPTH - 1) }, registry);
    assert.deepEqual(parsed.plain, { type: 'flush', keyspace: 'ks1' });
  });

  it("refuses an own 'constructor' key in a nested object with a 400 naming it (class-transformer threw a TypeError: 500)", async () => {
    for (const [text, field] of [
      ['{"type":"flush","extra":{"constructor":{"x":true}}}', 'extra.constructor'],
      ['{"type":"flush","extra":[1,{"constructor":5}]}', 'extra.1.constructor'],
      ['{"type":"flush","keyspace":"ks1","constructor":{"prototype":{"polluted":1}}}', 'constructor'],
      ['{"type":"flush","__proto__":{"polluted":1}}', '__proto__'],
      ['{"type":"flush","keyspaceTables":{"prototype":["t1"]}}', 'keyspaceTables.prototype'],
    ] as const) {
      await assert.rejects(parseOperationRequest(JSON.parse(text), registry), (err: unknown) => {
        assert.ok(err instanceof ValidationError, `${text}: ${String(err)}`);
        assert.deepEqual(err.problems.map((p) => p.field), [field]);
        return true;
      });
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('keeps the request class (and so its validation) for an ordinary body', async () => {
    const parsed = await parseOperationRequest({ type: 'flush', keyspace: 'ks1', note: { a: [1, { b: 2 }] } }, registry);
    assert.ok(parsed.instance instanceof FlushRequest);
    assert.deepEqual(parsed.plain, { type: 'flush', keyspace: 'ks1' });
  });
});

describe('inspectBody', () => {
  it('counts objects and arrays, not scalars, and handles wide and very deep bodies', () => {
    assert.equal(inspectBody('x'), undefined);
    assert.equal(inspectBody(nested(MAX_BODY_DEPTH)), undefined);
    assert.equal(inspectBody(nested(MAX_BODY_DEPTH + 1))?.field, 'body');
    assert.equal(inspectBody(Array.from({ length: 100_000 }, () => ({ a: 1 }))), undefined);
    assert.equal(inspectBody(nested(200_000))?.field, 'body');
  });
});
