import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UpstreamError } from '../common/errors.js';
import { parseCassandraVersion } from './cassandra-version.js';

describe('parseCassandraVersion', () => {
  it('parses a plain release', () => {
    assert.deepEqual(parseCassandraVersion('5.0.9'), { major: 5, minor: 0, patch: 9, dsePatch: -1 });
  });

  it('defaults a missing patch to 0 and reads a DSE fourth number', () => {
    assert.deepEqual(parseCassandraVersion('4.1'), { major: 4, minor: 1, patch: 0, dsePatch: -1 });
    assert.deepEqual(parseCassandraVersion('6.8.25.1'), { major: 6, minor: 8, patch: 25, dsePatch: 1 });
  });

  it('splits pre-release labels on - and keeps the build label', () => {
    assert.deepEqual(parseCassandraVersion('5.0-beta1-SNAPSHOT'), {
      major: 5, minor: 0, patch: 0, dsePatch: -1, preReleaseLabels: ['beta1', 'SNAPSHOT'],
    });
    assert.deepEqual(parseCassandraVersion('2.1.0-rc7+a20ba.sha'), {
      major: 2, minor: 1, patch: 0, dsePatch: -1, preReleaseLabels: ['rc7'], buildLabel: 'a20ba.sha',
    });
  });

  it('rejects what is not a version', () => {
    for (const bad of ['', '5', 'five.0', '5.0.x', '5.0.9 beta']) {
      assert.throws(() => parseCassandraVersion(bad), UpstreamError, bad);
    }
  });
});
