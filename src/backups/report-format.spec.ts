import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AllManifestsReport } from './backup-report.js';
import { humanBytes, renderReportJson, renderReportSimple, renderReportTable } from './report-format.js';

const report: AllManifestsReport = {
  totalSize: 1_234_567,
  totalFiles: 12,
  totalManifests: 2,
  reports: [
    {
      files: 7,
      size: 113_100,
      name: 'snap-b',
      reclaimableSpace: 999,
      removableEntries: ['k3'],
      timestamp: '2021-04-27T15:38:40.284',
      manifest: { objectKey: 'manifests/snap-b.json', type: 'FILE', size: 2048 },
      unixtimestamp: 1619537920284,
    },
    {
      files: 5,
      size: 50,
      name: 'a-longer-name',
      reclaimableSpace: 0,
      removableEntries: [],
      timestamp: '2021-04-26T10:00',
      manifest: { objectKey: 'manifests/a-longer-name.json', type: 'FILE', size: 10 },
      unixtimestamp: 1619431200000,
    },
  ],
};

describe('report rendering', () => {
  it("formats bytes as Esop's humanReadableByteCountSI", () => {
    const cases: [number, string][] = [
      [0, '0 B'],
      [999, '999 B'],
      [1000, '1.0 kB'],
      [113_100, '113.1 kB'],
      [1150, '1.2 kB'], // half up, where a binary 1.15 would round down
      [1050, '1.1 kB'],
      [999_949, '999.9 kB'],
      [999_950, '1.0 MB'],
      [1_234_567, '1.2 MB'],
      [1_999_999_999, '2.0 GB'],
      [5e15, '5.0 PB'],
      [-1500, '-1.5 kB'],
    ];
    for (const [bytes, text] of cases) assert.equal(humanBytes(bytes), text, String(bytes));
  });

  it('prints the table with a totals row, columns left-aligned and padded', () => {
    assert.equal(
      renderReportTable(report),
      [
        'Timestamp               Name          Files Occupied space Reclaimable space',
        '2021-04-27T15:38:40.284 snap-b        7     113100         999              ',
        '2021-04-26T10:00        a-longer-name 5     50             0                ',
        '                                      12    1234567                         ',
        '',
      ].join('\n'),
    );
    assert.match(renderReportTable(report, { humanUnits: true }), /^2021-04-27T15:38:40.284 snap-b +7 +113.1 kB +999 B +$/m);
    assert.match(renderReportTable(report, { humanUnits: true }), /^ +12 +1.2 MB +$/m);
  });

  it('prints a header and a zero totals row for no backups', () => {
    const empty = { totalSize: 0, totalFiles: 0, totalManifests: 0, reports: [] };
    assert.equal(renderReportTable(empty), `Timestamp Name Files Occupied space Reclaimable space\n${' '.repeat(15)}0${' '.repeat(5)}0${' '.repeat(31)}\n`);
    assert.equal(renderReportSimple(empty), '');
  });

  it('prints names only in the simple format', () => {
    assert.equal(renderReportSimple(report), 'snap-b       \na-longer-name\n');
    assert.equal(renderReportJson(report, { simpleFormat: true }), '["snap-b","a-longer-name"]\n');
  });

  it('prints the JSON report, with human units as strings when asked', () => {
    const plain = JSON.parse(renderReportJson(report));
    assert.deepEqual(plain, report);
    assert.match(renderReportJson(report), /^\{\n {2}"totalSize" : 1234567,\n/);
    const human = JSON.parse(renderReportJson(report, { humanUnits: true }));
    assert.equal(human.totalSize, '1.2 MB');
    assert.equal(human.reports[0].size, '113.1 kB');
    assert.equal(human.reports[0].reclaimableSpace, '999 B');
    assert.equal(human.reports[0].manifest.size, '2.0 kB');
    assert.equal(human.reports[0].files, 7);
    assert.deepEqual(Object.keys(human.reports[0]), Object.keys(report.reports[0]));
  });
});
