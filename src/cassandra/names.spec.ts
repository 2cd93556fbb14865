import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../common/errors.js';
import { validateJobs, validateKeyspaceName, validateTableNames } from './names.js';

describe('keyspace and table name validation', () => {
  it('accepts word characters up to 48 long', () => {
    assert.equal(validateKeyspaceName('ks_1'), 'ks_1');
    assert.equal(validateKeyspaceName('a'.repeat(48)), 'a'.repeat(48));
  });

  it('rejects paths, empty, odd characters and long names, naming the field', () => {
    const cases: [unknown, RegExp][] = [
      ['', /keyspace: must not be empty/],
      [undefined, /must not be empty/],
      ['a/b', /must not contain '\/' or '\.\.'/],
      ['..', /must not contain/],
      ['ks-1', /letters, digits and '_'/],
      ['ks,type=x', /letters, digits/],
      ['a'.repeat(49), /at most 48/],
    ];
    for (const [name, message] of cases) {
      assert.throws(() => validateKeyspaceName(name), (e: unknown) => e instanceof ValidationError && message.test(e.message));
    }
  });

  it('validates each table, collapses duplicates and treats absent as all tables', () => {
    assert.deepEqual(validateTableNames(['t1', 't2', 't1']), ['t1', 't2']);
    assert.deepEqual(validateTableNames(undefined), []);
    assert.throws(() => validateTableNames(['ok', '../x']), /tables\[1\]: must not contain/);
  });

  it('accepts jobs >= 0 only', () => {
    assert.equal(validateJobs(0), 0);
    assert.throws(() => validateJobs(-1), /jobs: must be a non-negative integer/);
    assert.throws(() => validateJobs(1.5), ValidationError);
  });
});
