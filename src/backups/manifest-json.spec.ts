import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../common/errors.js';
import type { Manifest } from './manifest.js';
import { ManifestFormatError, parseManifest, serializeManifest } from './manifest-json.js';

const ID = '5a1ff267ace03f128563cfae6103c65e';
const SV = 'af4d29d8-4af4-3f98-bf90-30640a70bee3';
const NAME = `snap-${SV}-1700000000000`;
const SHA = 'a'.repeat(64);

/** A manifest as Esop HEAD writes one (Jackson layout, NON_ABSENT), keys in sorted order. */
const ESOP_HEAD = `{
  "snapshot" : {
    "name" : "${NAME}",
    "keyspaces" : {
      "ks" : {
        "tables" : {
          "empty" : {
            "sstables" : { },
            "id" : "${ID}",
            "schemaContent" : "CREATE TABLE ks.empty (id int PRIMARY KEY);"
          },
          "t" : {
            "sstables" : {
              "nb-1-big" : [ {
                "objectKey" : "data/ks/t-${ID}/1-2620247400/nb-1-big-Data.db",
                "type" : "FILE",
                "size" : 169,
                "hash" : "${SHA}"
              }, {
                "objectKey" : "data/ks/t-${ID}/1-2620247400/nb-1-big-TOC.txt",
                "type" : "FILE",
                "size" : 92,
                "hash" : "${SHA}"
              } ]
            },
            "id" : "${ID}"
          }
        }
      }
    }
  },
  "tokens" : [ "-1025679257793152318", "962331079647559549" ],
  "schemaVersion" : "${SV}",
  "size" : 261
}`;

/** The Esop < 2.0 form: flat `entries`, no top-level `size`. */
const ESOP_1X = JSON.stringify({
  snapshot: {
    name: 'snapshot4',
    keyspaces: {
      system_auth: {
        tables: {
          roles: {
            entries: [
              { objectKey: `data/system_auth/roles-${ID}/1-15/na-1-big-Data.db`, type: 'FILE', size: 100 },
              { objectKey: `data/system_auth/roles-${ID}/2-16/na-2-big-Data.db`, type: 'FILE', size: 50 },
              { objectKey: `data/system_auth/roles-${ID}/1-15/na-1-big-TOC.txt`, type: 'FILE', size: 7 },
              { objectKey: `data/system_auth/roles-${ID}/.roles_idx/3-17/na-3-big-Data.db`, type: 'FILE', size: 3 },
              { objectKey: `data/system_auth/roles-${ID}/roles-schema.cql`, type: 'CQL_SCHEMA', size: 9 },
            ],
            id: ID,
          },
          role_members: { entries: [], id: ID },
        },
      },
    },
  },
  tokens: ['1'],
  schemaVersion: SV,
});

describe('parseManifest', () => {
  it('reads what Esop HEAD writes, and writes it back byte for byte', () => {
    const m = parseManifest(ESOP_HEAD);
    assert.equal(m.snapshot.name, NAME);
    assert.equal(m.size, 261);
    assert.equal(m.manifest, undefined);
    assert.deepEqual(m.snapshot.keyspaces.ks.tables.empty, { sstables: {}, id: ID, schemaContent: 'CREATE TABLE ks.empty (id int PRIMARY KEY);' });
    assert.equal(m.snapshot.keyspaces.ks.tables.t.sstables['nb-1-big'][1].size, 92);
    assert.equal(serializeManifest(m), ESOP_HEAD);
  });

  it('reads the pre-2.0 entries form: grouped by SSTable prefix, size summed, non-SSTable entries dropped', () => {
    const m = parseManifest(ESOP_1X);
    const roles = m.snapshot.keyspaces.system_auth.tables.roles;
    assert.deepEqual(Object.keys(roles.sstables), ['na-1-big', 'na-2-big', 'na-3-big']);
    assert.equal(roles.sstables['na-1-big'].length, 2);
    assert.equal(roles.sstables['na-3-big'][0].objectKey, `data/system_auth/roles-${ID}/.roles_idx/3-17/na-3-big-Data.db`);
    assert.deepEqual(m.snapshot.keyspaces.system_auth.tables.role_members.sstables, {});
    assert.equal(m.size, 160);
  });

  it('prefers sstables over entries when both are there, as Esop', () => {
    const text = JSON.stringify({
      snapshot: {
        name: 'n',
        keyspaces: {
          ks: {
            tables: {
              t: {
                sstables: { 'nb-1-big': [{ objectKey: 'data/ks/t/1-1/nb-1-big-Data.db', type: 'FILE', size: 1 }] },
                entries: [{ objectKey: 'data/ks/t/2-2/nb-2-big-Data.db', type: 'FILE', size: 2 }],
                id: ID,
              },
            },
          },
        },
      },
    });
    assert.deepEqual(Object.keys(parseManifest(text).snapshot.keyspaces.ks.tables.t.sstables), ['nb-1-big']);
  });

  it('tolerates unknown fields, missing optional ones, nulls and Jackson coercions', () => {
    const m = parseManifest(
      JSON.stringify({
        snapshot: { keyspaces: { ks: { tables: { t: { sstables: { p: [{ objectKey: 'k', size: '12', hash: 1234, extra: true }] }, id: ID, schemaContent: null } } } } },
        tokens: [5, '6'],
        schemaVersion: null,
        future: { anything: 1 },
      }),
      'from-file-name',
    );
    assert.equal(m.snapshot.name, 'from-file-name');
    assert.deepEqual(m.snapshot.keyspaces.ks.tables.t, { sstables: { p: [{ objectKey: 'k', type: 'FILE', size: 12, hash: '1234' }] }, id: ID });
    assert.deepEqual(m.tokens, ['5', '6']);
    assert.equal(m.schemaVersion, undefined);
    assert.equal(m.size, 12);
    assert.deepEqual(parseManifest('{"snapshot":{"name":"x"}}'), { snapshot: { name: 'x', keyspaces: {} }, tokens: [], size: 0 });
  });

  it('reads the recorded hash algorithm', () => {
    assert.deepEqual(parseManifest('{"snapshot":{"name":"x"},"manifest":{"hashAlgorithm":"CRC"}}').manifest, { hashAlgorithm: 'CRC' });
    assert.equal(parseManifest('{"snapshot":{"name":"x"},"manifest":{}}').manifest, undefined);
  });

  it('says which field is wrong', () => {
    const withTable = (table: string) => `{"snapshot":{"name":"x","keyspaces":{"ks":{"tables":{"t":${table}}}}}}`;
    const cases: [string, RegExp][] = [
      ['{not json', /Manifest m is invalid: \(document\): not JSON/],
      ['[]', /\(document\): must be an object/],
      ['{}', /snapshot: must be an object/],
      [withTable('{}'), /snapshot.keyspaces.ks.tables.t.id: missing/],
      ['{"snapshot":{"name":"x","keyspaces":{"bad-ks":{}}}}', /snapshot.keyspaces.bad-ks: not a keyspace name/],
      [withTable(`{"id":"${ID}","sstables":{"p":[{"objectKey":"k","size":-1}]}}`), /sstables.p\[0\].size: must be a non-negative integer/],
      [withTable(`{"id":"${ID}","sstables":{"p":[{"objectKey":"k","type":"DIR"}]}}`), /sstables.p\[0\].type: must be one of FILE/],
      [withTable(`{"id":"${ID}","entries":[{"size":1}]}`), /entries\[0\].objectKey: missing/],
      [withTable(`{"id":"${ID}","sstables":{"p":{}}}`), /sstables.p: must be an array/],
      ['{"snapshot":{"name":"x"},"tokens":"1,2"}', /tokens: must be an array/],
      ['{"snapshot":{"name":"x"},"size":1.5}', /size: must be a non-negative integer/],
      ['{"snapshot":{"name":"x"},"manifest":{"hashAlgorithm":"MD5"}}', /manifest.hashAlgorithm: must be one of SHA-256, CRC, NONE/],
    ];
    for (const [text, message] of cases) {
      const matches = (err: unknown) => err instanceof ManifestFormatError && err instanceof ValidationError && message.test(err.message);
      assert.throws(() => parseManifest(text, 'm'), matches, text);
    }
    assert.throws(() => parseManifest('{"snapshot":{}}'), /^ManifestFormatError: Manifest \(unnamed\) is invalid: snapshot.name: missing$/);
  });

  it('keeps a __proto__ keyspace an ordinary entry', () => {
    const m = parseManifest('{"snapshot":{"name":"x","keyspaces":{"__proto__":{"tables":{}}}}}');
    assert.deepEqual(Object.keys(m.snapshot.keyspaces), ['__proto__']);
    assert.equal(Object.getPrototypeOf(m.snapshot.keyspaces), Object.prototype);
  });
});

describe('serializeManifest', () => {
  it("writes Esop's field order, leaves absent values out and records the hash algorithm last", () => {
    const m: Manifest = {
      manifest: { hashAlgorithm: 'CRC' },
      size: 3,
      tokens: ['1'],
      snapshot: {
        keyspaces: { ks: { tables: { t: { schemaContent: undefined, id: ID, sstables: { p: [{ hash: undefined, size: 3, type: 'FILE', objectKey: 'k' }] } } } } },
        name: 'n',
      },
    };
    const text = serializeManifest(m);
    assert.deepEqual(Object.keys(JSON.parse(text)), ['snapshot', 'tokens', 'size', 'manifest']);
    assert.match(text, /"objectKey" : "k",\n\s+"type" : "FILE",\n\s+"size" : 3\n/);
    assert.match(text, /"sstables" : \{[^]*\},\n\s+"id" : "5a1f/);
    assert.match(text, /"manifest" : \{\n {4}"hashAlgorithm" : "CRC"\n {2}\}\n\}$/);
    const expectedTable = { id: ID, sstables: { p: [{ objectKey: 'k', type: 'FILE' as const, size: 3 }] } };
    assert.deepEqual(parseManifest(text), { ...m, snapshot: { name: 'n', keyspaces: { ks: { tables: { t: expectedTable } } } } });
  });
});
