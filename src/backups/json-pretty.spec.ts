import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jacksonPretty } from './json-pretty.js';

describe('jacksonPretty', () => {
  it("lays JSON out like Jackson's default pretty printer", () => {
    const text = jacksonPretty({ a: { entries: [{ k: 'v', n: 1 }, { k: 'w' }], empty: [], none: {} }, tokens: ['1', '2'], skip: undefined, nil: null });
    assert.equal(
      text,
      [
        '{',
        '  "a" : {',
        '    "entries" : [ {',
        '      "k" : "v",',
        '      "n" : 1',
        '    }, {',
        '      "k" : "w"',
        '    } ],',
        '    "empty" : [ ],',
        '    "none" : { }',
        '  },',
        '  "tokens" : [ "1", "2" ],',
        '  "nil" : null',
        '}',
      ].join('\n'),
    );
    assert.deepEqual(JSON.parse(text), { a: { entries: [{ k: 'v', n: 1 }, { k: 'w' }], empty: [], none: {} }, tokens: ['1', '2'], nil: null });
  });

  it('escapes strings as JSON', () => {
    assert.equal(jacksonPretty({ s: 'line\n"quoted"' }), '{\n  "s" : "line\\n\\"quoted\\""\n}');
    assert.equal(jacksonPretty([]), '[ ]');
  });
});
