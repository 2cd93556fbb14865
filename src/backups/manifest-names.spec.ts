import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../common/errors.js';
import {
  defaultSnapshotTag,
  latestManifestName,
  manifestMatchesTag,
  manifestTimestamp,
  parseResolvedName,
  resolveSnapshotTag,
  validateSnapshotTag,
} from './manifest-names.js';

const SV = 'af4d29d8-4af4-3f98-bf90-30640a70bee3';
const SV2 = '0b3c4d5e-6f70-3182-93a4-b5c6d7e8f901';

describe('snapshot tags and manifest names', () => {
  it("makes Esop's default tag from epoch seconds", () => {
    assert.equal(defaultSnapshotTag(1_700_000_000_999), 'autosnap-1700000000');
  });

  it('resolves a tag once, including tags ending in digits (§6.2 #9)', () => {
    assert.equal(resolveSnapshotTag('snap', SV, 1700000000000), `snap-${SV}-1700000000000`);
    assert.equal(resolveSnapshotTag('nightly-7', SV, 5), `nightly-7-${SV}-5`);
    assert.equal(resolveSnapshotTag('autosnap-1700000000', SV, 5), `autosnap-1700000000-${SV}-5`);
    assert.equal(resolveSnapshotTag(`snap-${SV2}-42`, SV, 5), `snap-${SV2}-42`, 'already resolved (cluster-wide backups)');
    assert.equal(resolveSnapshotTag(`snap-${SV}`, SV, 5), `snap-${SV}-${SV}-5`);
  });

  it('parses resolved names', () => {
    assert.deepEqual(parseResolvedName(`a-b-${SV}-12`), { tag: 'a-b', schemaVersion: SV, timestamp: 12 });
    assert.equal(parseResolvedName(`${SV}-12`), null);
    assert.equal(parseResolvedName('snap-12'), null);
  });

  it('reads the timestamp after the last dash', () => {
    assert.equal(manifestTimestamp(`snap-${SV}-1700000000000`), 1700000000000);
    assert.equal(manifestTimestamp('nightly-7'), 7);
    assert.equal(manifestTimestamp('12345'), 12345);
    assert.equal(manifestTimestamp('snap'), null);
    assert.equal(manifestTimestamp('snap-'), null);
    assert.equal(manifestTimestamp('snap-12a'), null);
  });

  it('matches tags exactly, not as prefixes (§6.2 #10)', () => {
    assert.equal(manifestMatchesTag(`snap1-${SV}-100`, 'snap1'), true);
    assert.equal(manifestMatchesTag(`snap10-${SV}-100`, 'snap1'), false);
    assert.equal(manifestMatchesTag(`snap1x-${SV}-100`, 'snap1'), false);
    assert.equal(manifestMatchesTag(`snap1-other-${SV}-100`, 'snap1'), false);
    assert.equal(manifestMatchesTag('snap1', 'snap1'), true);
    assert.equal(manifestMatchesTag('nightly-7', 'nightly-7'), true, 'an Icarus tag Esop kept unsuffixed');
    assert.equal(manifestMatchesTag('nightly-7', 'nightly'), false);
    assert.equal(manifestMatchesTag(`snapshot1-${SV}-100`, `snapshot1-${SV}`), true, "Icarus' tests name tags <tag>-<schemaVersion>");
    assert.equal(manifestMatchesTag(`snapshot1-${SV}-100`, `snapshot1-${SV}-100`), true);
    assert.equal(manifestMatchesTag(`snap1-100`, 'snap1'), false, 'no schema version: not a resolved name of snap1');
    assert.equal(manifestMatchesTag(`snap1-${SV}-100`, `snap1-${SV2}`), false);
  });

  it('with a schema version, matches only names carrying it', () => {
    assert.equal(manifestMatchesTag(`snap1-${SV}-100`, 'snap1', SV), true);
    assert.equal(manifestMatchesTag(`snap1-${SV}-100`, 'snap1', SV.toUpperCase()), true);
    assert.equal(manifestMatchesTag(`snap1-${SV2}-100`, 'snap1', SV), false);
    assert.equal(manifestMatchesTag(`snap1-${SV}-100`, `snap1-${SV}`, SV), true);
    assert.equal(manifestMatchesTag(`snap1-${SV}-100`, `snap1-${SV}-100`, SV), true);
    assert.equal(manifestMatchesTag('snap1', 'snap1', SV), false);
    assert.equal(manifestMatchesTag(`snap10-${SV}-100`, 'snap1', SV), false);
  });

  it('picks the latest matching manifest', () => {
    const names = [`snap1-${SV}-100`, `snap1-${SV2}-300`, `snap10-${SV}-900`, `snap1-${SV}-200`, 'other'];
    assert.equal(latestManifestName(names, 'snap1'), `snap1-${SV2}-300`);
    assert.equal(latestManifestName(names, 'snap1', SV), `snap1-${SV}-200`);
    assert.equal(latestManifestName(names, 'snap2'), null);
    assert.equal(latestManifestName(['mine', `mine-${SV}-1`], 'mine'), `mine-${SV}-1`);
    assert.equal(latestManifestName(['mine'], 'mine'), 'mine', 'a name without a timestamp still counts when alone');
  });

  it('validates tags used as directory names', () => {
    for (const good of ['snap', 'nightly-7', 'a.b_c+d', `snap-${SV}-1700000000000`]) validateSnapshotTag(good);
    const bad: [string, RegExp][] = [
      ['', /must not be empty/],
      ['a/b', /must not contain "\/"/],
      ['..', /must not contain/],
      ['a..b', /must not contain/],
      ['.hidden', /nor start with "."/],
      ['a b', /may contain only/],
      ['a:b', /may contain only/],
      ['x'.repeat(181), /at most 180/],
      ['dropped-1', /truncated-" or "dropped-/],
      ['truncated-1-t', /truncated-" or "dropped-/],
    ];
    for (const [tag, message] of bad) {
      assert.throws(
        () => validateSnapshotTag(tag),
        (err: unknown) => err instanceof ValidationError && err.problems[0].field === 'snapshotTag' && message.test(err.message),
        tag,
      );
    }
  });
});
