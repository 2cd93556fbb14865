import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../common/errors.js';
import type { Manifest } from './manifest.js';
import { hashFormat, manifestHashAlgorithm } from './manifest-hash.js';

function manifest(hashes: (string | undefined)[], recorded?: Manifest['manifest']): Manifest {
  const entries = hashes.map((hash, i) => ({
    objectKey: `data/ks/t/1-1/nb-${i}-big-Data.db`,
    type: 'FILE' as const,
    size: 1,
    ...(hash !== undefined ? { hash } : {}),
  }));
  const snapshot = { name: 'n', keyspaces: { ks: { tables: { t: { id: 'x', sstables: { 'nb-1-big': entries } } } } } };
  return { snapshot, tokens: [], size: 0, ...(recorded ? { manifest: recorded } : {}) };
}

const SHA = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

describe('manifest hash algorithm', () => {
  it('recognises SHA-256 hex and decimal CRC32', () => {
    assert.equal(hashFormat(SHA), 'SHA-256');
    assert.equal(hashFormat('0'), 'CRC');
    assert.equal(hashFormat('4294967295'), 'CRC');
    assert.equal(hashFormat('4294967296'), null);
    assert.equal(hashFormat(SHA.toUpperCase()), null);
    assert.equal(hashFormat('abc'), null);
  });

  it('prefers the recorded algorithm', () => {
    assert.equal(manifestHashAlgorithm(manifest(['123'], { hashAlgorithm: 'SHA-256' })), 'SHA-256');
    assert.equal(manifestHashAlgorithm(manifest([], { hashAlgorithm: 'NONE' })), 'NONE');
  });

  it('infers it from the hashes of manifests Esop wrote', () => {
    assert.equal(manifestHashAlgorithm(manifest([SHA, SHA])), 'SHA-256');
    assert.equal(manifestHashAlgorithm(manifest(['3735928559', '1', undefined])), 'CRC');
    assert.equal(manifestHashAlgorithm(manifest([undefined, undefined])), null);
    assert.equal(manifestHashAlgorithm(manifest([])), null);
  });

  it('refuses mixed or unrecognisable hashes, naming the entries', () => {
    assert.throws(
      () => manifestHashAlgorithm(manifest([SHA, '12'])),
      (err: unknown) => err instanceof ValidationError && /mixes hash algorithms: .*nb-0-big.* SHA-256 .*nb-1-big.* CRC/.test(err.message),
    );
    assert.throws(() => manifestHashAlgorithm(manifest(['md5:abc'])), /hash "md5:abc" of data\/ks\/t\/1-1\/nb-0-big-Data.db is neither/);
  });
});
