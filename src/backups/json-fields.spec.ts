import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asArray, asObject, byteCount, JsonShapeProblem, optionalString, putOwn, scalarString } from './json-fields.js';

function problemOf(read: () => unknown): { field: string; problem: string } {
  try {
    read();
  } catch (err) {
    assert.ok(err instanceof JsonShapeProblem);
    return { field: err.field, problem: err.problem };
  }
  assert.fail('no problem thrown');
}

describe('json-fields', () => {
  it('accepts the right shapes', () => {
    assert.deepEqual(asObject({ a: 1 }, 'f'), { a: 1 });
    assert.deepEqual(asArray([1], 'f'), [1]);
    assert.equal(optionalString(null, 'f'), undefined);
    assert.equal(optionalString(undefined, 'f'), undefined);
    assert.equal(optionalString('s', 'f'), 's');
  });

  it("coerces scalars as Jackson's defaults do", () => {
    assert.equal(scalarString(12, 'f'), '12');
    assert.equal(byteCount('42', 'f'), 42);
    assert.equal(byteCount(0, 'f'), 0);
  });

  it('names the field and the problem', () => {
    assert.deepEqual(problemOf(() => asObject([], 'a.b')), { field: 'a.b', problem: 'must be an object' });
    assert.deepEqual(problemOf(() => asObject(null, 'x')), { field: 'x', problem: 'must be an object' });
    assert.deepEqual(problemOf(() => asArray({}, 'x')), { field: 'x', problem: 'must be an array' });
    assert.deepEqual(problemOf(() => optionalString(1, 'x')), { field: 'x', problem: 'must be a string' });
    assert.deepEqual(problemOf(() => scalarString(true, 'x')), { field: 'x', problem: 'must be a string' });
    for (const bad of [-1, 1.5, '1e3', Number.MAX_SAFE_INTEGER + 1, 'x', true]) {
      assert.deepEqual(problemOf(() => byteCount(bad, 'x')), { field: 'x', problem: 'must be a non-negative integer' }, String(bad));
    }
  });

  it('sets __proto__ as an own property', () => {
    const record: Record<string, number> = {};
    putOwn(record, '__proto__', 1);
    assert.deepEqual(Object.keys(record), ['__proto__']);
    assert.equal(Object.getPrototypeOf(record), Object.prototype);
  });
});
