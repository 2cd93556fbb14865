import type { AllManifestsReport } from './backup-report.js';
import { jacksonPretty } from './json-pretty.js';

/**
 * The printed forms of a listing, as `esop list` prints them (§4.15): a table by default, names only
 * with `--simple-format`, JSON with `--json`. Each returns the full text, one line per `\n`.
 */

const UNITS = 'kMGTPE';

/**
 * Esop's `humanReadableByteCountSI`: `999 B`, `113.1 kB`, `1.0 MB` (decimal units, one decimal,
 * rounded half up; the value is first cut down by whole thousands as Java's long division does).
 */
export function humanBytes(bytes: number): string {
  if (bytes > -1000 && bytes < 1000) return `${bytes} B`;
  let value = Math.trunc(bytes);
  let unit = 0;
  while (value <= -999_950 || value >= 999_950) {
    value = Math.trunc(value / 1000);
    unit++;
  }
  // value/1000 rounded half up to one decimal, in integers so no binary fraction tips the rounding.
  const tenths = Math.floor((Math.abs(value) + 50) / 100);
  return `${value < 0 ? '-' : ''}${Math.floor(tenths / 10)}.${tenths % 10} ${UNITS[unit]}B`;
}

/**
 * The default listing: `Timestamp Name Files "Occupied space" "Reclaimable space"`, one row per
 * backup and a last row with the distinct files and bytes of all backups. Columns are left-aligned,
 * padded to their widest cell and separated by one space, as Esop's (nodetool's) TableBuilder does.
 */
export function renderReportTable(report: AllManifestsReport, options: { humanUnits?: boolean } = {}): string {
  const bytes = (n: number) => (options.humanUnits ? humanBytes(n) : String(n));
  const rows = [
    ['Timestamp', 'Name', 'Files', 'Occupied space', 'Reclaimable space'],
    ...report.reports.map((r) => [r.timestamp ?? '', r.name, String(r.files), bytes(r.size), bytes(r.reclaimableSpace)]),
    ['', '', String(report.totalFiles), bytes(report.totalSize), ''],
  ];
  return table(rows);
}

/** `--simple-format`: the backup names, one per line (padded to the longest, as Esop's table pads). */
export function renderReportSimple(report: AllManifestsReport): string {
  return report.reports.length === 0 ? '' : table(report.reports.map((r) => [r.name]));
}

/**
 * `--json`: the report, pretty-printed; with `humanUnits` the sizes (`totalSize`, `size`,
 * `reclaimableSpace` and the manifest's `size`) are strings such as `"113.1 kB"` (Esop HEAD).
 * `--json --simple-format`: a compact JSON array of the names.
 */
export function renderReportJson(report: AllManifestsReport, options: { humanUnits?: boolean; simpleFormat?: boolean } = {}): string {
  if (options.simpleFormat) return `${JSON.stringify(report.reports.map((r) => r.name))}\n`;
  const bytes = (n: number) => (options.humanUnits ? humanBytes(n) : n);
  const shown = {
    totalSize: bytes(report.totalSize),
    totalFiles: report.totalFiles,
    totalManifests: report.totalManifests,
    reports: report.reports.map((r) => ({
      ...r,
      size: bytes(r.size),
      reclaimableSpace: bytes(r.reclaimableSpace),
      manifest: { ...r.manifest, size: bytes(r.manifest.size) },
    })),
  };
  return `${jacksonPretty(shown)}\n`;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows.map((row) => widths.map((w, i) => (row[i] ?? '').padEnd(w)).join(' ') + '\n').join('');
}
