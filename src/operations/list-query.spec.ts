import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../common/errors.js';
import { parseListQuery, parseSince } from './list-query.js';

function problemOf(query: Record<string, unknown>): string {
  try {
    parseListQuery(query);
  } catch (err) {
    assert.ok(err instanceof ValidationError);
    return err.problems.map((p) => p.field).join(',');
  }
  assert.fail(`accepted ${JSON.stringify(query)}`);
}

describe('GET /operations query', () => {
  it('with no parameters asks for everything', () => {
    assert.deepEqual(parseListQuery({}), {});
  });

  it('collects repeatable type and state, keeps unknown state names as given, ignores other parameters', () => {
    assert.deepEqual(parseListQuery({ type: ['flush', 'cleanup'], state: 'completed', foo: 'bar' }), {
      types: ['flush', 'cleanup'],
      states: ['completed'],
    });
  });

  it('reads limit, offset and since', () => {
    assert.deepEqual(parseListQuery({ limit: '10', offset: '0', since: '1714564800000' }), { limit: 10, offset: 0, since: 1714564800000 });
  });

  it('refuses malformed values with the parameter named', () => {
    assert.equal(problemOf({ limit: '0' }), 'limit');
    assert.equal(problemOf({ limit: '-1' }), 'limit');
    assert.equal(problemOf({ limit: '1.5' }), 'limit');
    assert.equal(problemOf({ limit: 'ten' }), 'limit');
    assert.equal(problemOf({ limit: '' }), 'limit');
    assert.equal(problemOf({ offset: '-3' }), 'offset');
    assert.equal(problemOf({ offset: '99999999999999999999' }), 'offset');
    assert.equal(problemOf({ since: 'yesterday' }), 'since');
    assert.equal(problemOf({ since: '2024-13-45' }), 'since');
    assert.equal(problemOf({ since: ['1', '2'] }), 'since');
    assert.equal(problemOf({ type: { a: 'b' } }), 'type');
  });

  it('reads since as epoch ms or ISO-8601, UTC when no zone is named', () => {
    assert.equal(parseSince('0'), 0);
    assert.equal(parseSince('2024-05-01'), Date.UTC(2024, 4, 1));
    assert.equal(parseSince('2024-05-01T12:00'), Date.UTC(2024, 4, 1, 12));
    assert.equal(parseSince('2024-05-01T12:00:00Z'), Date.UTC(2024, 4, 1, 12));
    assert.equal(parseSince('2024-05-01T12:00:00.250Z'), Date.UTC(2024, 4, 1, 12, 0, 0, 250));
    assert.equal(parseSince('2024-05-01 12:00:00'), Date.UTC(2024, 4, 1, 12));
    assert.equal(parseSince('2024-05-01T14:00:00+02:00'), Date.UTC(2024, 4, 1, 12));
  });
});
