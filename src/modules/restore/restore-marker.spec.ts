import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { madeSince, nextMarker, pinnedBackup, type RestoreMarker } from './restore-marker.js';

const request = { storageLocation: 's3://b/c/d/n', snapshotTag: 'snap' };
const marker = (phase: RestoreMarker['phase'], extra: Partial<RestoreMarker> = {}): RestoreMarker => ({ ...request, manifest: 'snap-old', phase, ...extra });

describe('pinnedBackup (which backup a phase restores)', () => {
  it('issue 16 #4: INIT always resolves anew, whatever marker an earlier restore left', () => {
    for (const phase of ['INIT', 'DOWNLOAD', 'TRUNCATE', 'IMPORT', 'CLEANUP'] as const) assert.equal(pinnedBackup('INIT', marker(phase), request), undefined);
  });

  it('DOWNLOAD follows the INIT just before it; started without one (Icarus 2) or run again, it resolves anew', () => {
    assert.equal(pinnedBackup('DOWNLOAD', marker('INIT'), request), 'snap-old');
    assert.equal(pinnedBackup('DOWNLOAD', marker('DOWNLOAD'), request), undefined);
    assert.equal(pinnedBackup('DOWNLOAD', marker('IMPORT'), request), undefined);
    assert.equal(pinnedBackup('DOWNLOAD', null, request), undefined);
  });

  it('TRUNCATE, IMPORT and CLEANUP restore what was downloaded, for the same location and tag only', () => {
    for (const phase of ['TRUNCATE', 'IMPORT', 'CLEANUP'] as const) assert.equal(pinnedBackup(phase, marker('DOWNLOAD'), request), 'snap-old');
    assert.equal(pinnedBackup('IMPORT', marker('DOWNLOAD'), { ...request, snapshotTag: 'other' }), undefined);
    assert.equal(pinnedBackup('IMPORT', marker('DOWNLOAD'), { ...request, storageLocation: 's3://b/c/d/m' }), undefined);
  });
});

describe('nextMarker and madeSince (the truncate snapshots CLEANUP may delete)', () => {
  it('keeps what earlier phases of the same backup recorded; a new backup or INIT starts afresh', () => {
    const downloaded = nextMarker(marker('INIT'), 'DOWNLOAD', { ...request, manifest: 'snap-old', truncatedBefore: ['/d/t/snapshots/truncated-1-t'] });
    const truncated = nextMarker(downloaded, 'TRUNCATE', { ...request, manifest: 'snap-old', truncatedByRestore: ['/d/t/snapshots/truncated-2-t'] });
    assert.deepEqual([truncated.truncatedBefore, truncated.truncatedByRestore], [['/d/t/snapshots/truncated-1-t'], ['/d/t/snapshots/truncated-2-t']]);
    assert.deepEqual(nextMarker(truncated, 'IMPORT', { ...request, manifest: 'snap-old' }).truncatedByRestore, ['/d/t/snapshots/truncated-2-t']);
    assert.equal(nextMarker(truncated, 'DOWNLOAD', { ...request, manifest: 'snap-new' }).truncatedByRestore, undefined);
    assert.equal(nextMarker(truncated, 'INIT', { ...request, manifest: 'snap-old' }).truncatedBefore, undefined);
  });

  it('the snapshots made since: those not there before', () => {
    assert.deepEqual(madeSince(['a', 'b'], ['a', 'b', 'c']), ['c']);
    assert.deepEqual(madeSince([], []), []);
  });
});
