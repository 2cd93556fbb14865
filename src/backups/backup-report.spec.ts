import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildReport, javaLocalDateTime, type ListedManifest } from './backup-report.js';
import type { Manifest } from './manifest.js';

const SV = 'af4d29d8-4af4-3f98-bf90-30640a70bee3';
const DAY = 86_400_000;

/** A one-table manifest holding the given objects (key → size). */
function manifestOf(files: Record<string, number>): Manifest {
  const entries = Object.entries(files).map(([objectKey, size]) => ({ objectKey, type: 'FILE' as const, size }));
  return { snapshot: { name: 'x', keyspaces: { ks: { tables: { t: { id: 'i', sstables: { 'nb-1-big': entries } } } } } }, tokens: [], size: 0 };
}

function listed(name: string, files: Record<string, number>, manifestSize = 100): ListedManifest {
  return { name, manifest: manifestOf(files), manifestSize };
}

const utc = { utcOffsetMinutes: () => 0 };

describe('buildReport', () => {
  const a = listed(`a-${SV}-1000`, { k1: 10, k2: 20 });
  const b = listed(`b-${SV}-3000`, { k2: 20, k3: 30 });
  const c = listed(`c-${SV}-2000`, { k4: 40, k2: 20 }, 7);

  it('reports each backup newest first, with what removing it would free', () => {
    const report = buildReport([a, b, c], utc);
    assert.deepEqual(
      { ...report, reports: report.reports.map((r) => [r.name, r.files, r.size, r.reclaimableSpace, r.removableEntries]) },
      {
        totalSize: 100,
        totalFiles: 4,
        totalManifests: 3,
        reports: [
          [`b-${SV}-3000`, 2, 50, 30, ['k3']],
          [`c-${SV}-2000`, 2, 60, 40, ['k4']],
          [`a-${SV}-1000`, 2, 30, 10, ['k1']],
        ],
      },
    );
  });

  it("writes each report in Esop's field order, with the manifest entry as Esop lists it", () => {
    const [first] = buildReport([c], utc).reports;
    assert.deepEqual(Object.keys(first), ['files', 'size', 'name', 'reclaimableSpace', 'removableEntries', 'timestamp', 'manifest', 'unixtimestamp']);
    assert.deepEqual(first.manifest, { objectKey: `manifests/c-${SV}-2000.json`, type: 'FILE', size: 7 });
    assert.equal(first.timestamp, '1970-01-01T00:00:02');
    assert.equal(first.unixtimestamp, 2000);
  });

  it('orders backups weeks apart correctly (Esop cast the difference to int)', () => {
    const old = listed(`old-${SV}-${1 * DAY}`, {});
    const recent = listed(`new-${SV}-${40 * DAY}`, {});
    const middle = listed(`mid-${SV}-${20 * DAY}`, {});
    assert.deepEqual(buildReport([old, recent, middle], utc).reports.map((r) => r.name.split('-')[0]), ['new', 'mid', 'old']);
  });

  it('filters by fromTimestamp (older or equal) and lastN (the n oldest), keeping totals of all', () => {
    const all = [a, b, c];
    assert.deepEqual(buildReport(all, { ...utc, fromTimestamp: 2000 }).reports.map((r) => r.unixtimestamp), [2000, 1000]);
    assert.deepEqual(buildReport(all, { ...utc, lastN: 2 }).reports.map((r) => r.unixtimestamp), [2000, 1000]);
    assert.deepEqual(buildReport(all, { ...utc, lastN: 0 }).reports.length, 3);
    assert.deepEqual(buildReport(all, { ...utc, lastN: 9 }).reports.length, 3);
    const both = buildReport(all, { ...utc, fromTimestamp: 2999, lastN: 1 });
    assert.deepEqual(both.reports.map((r) => r.unixtimestamp), [1000]);
    assert.equal(both.totalManifests, 3);
    assert.equal(both.totalFiles, 4);
  });

  it('lists a manifest without a timestamp last, without timestamp fields', () => {
    const report = buildReport([listed('handmade', { k9: 1 }), a], utc);
    assert.deepEqual(report.reports.map((r) => r.name), [`a-${SV}-1000`, 'handmade']);
    assert.equal('timestamp' in report.reports[1], false);
    assert.equal('unixtimestamp' in report.reports[1], false);
    assert.equal(buildReport([listed('handmade', {})], { ...utc, fromTimestamp: 5 }).reports.length, 0);
  });

  it('is empty for no manifests', () => {
    assert.deepEqual(buildReport([]), { totalSize: 0, totalFiles: 0, totalManifests: 0, reports: [] });
  });
});

describe('javaLocalDateTime', () => {
  it("prints as Java's LocalDateTime.toString", () => {
    assert.equal(javaLocalDateTime(1619537920284, 0), '2021-04-27T15:38:40.284');
    assert.equal(javaLocalDateTime(1619537920280, 0), '2021-04-27T15:38:40.280');
    assert.equal(javaLocalDateTime(1619537920000, 0), '2021-04-27T15:38:40');
    assert.equal(javaLocalDateTime(1619537880000, 0), '2021-04-27T15:38');
    assert.equal(javaLocalDateTime(1619537920284, 120), '2021-04-27T17:38:40.284');
    assert.equal(javaLocalDateTime(1619537920284, -600), '2021-04-27T05:38:40.284');
  });
});
