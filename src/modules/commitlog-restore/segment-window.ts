import { parseCommitlogObjectKey } from '../../backups/bucket-layout.js';

/** One copy of a commit-log segment in the bucket: `commitlog/<CommitLog-…log>.<mtime ms>` under the node path. */
export interface ArchivedSegment {
  /** The object key relative to the node path (`commitlog/…`). */
  objectKey: string;
  /** The segment's file name as Cassandra wrote it, without the `.<mtime>` suffix. */
  fileName: string;
  /** Its modification time when it was uploaded. */
  mtimeMs: number;
  size: number;
}

/** Esop's `CommitLog-\d+-\d+\.log`: other objects under commitlog/ are ignored. */
const SEGMENT = /^CommitLog-\d+-\d+\.log$/;

/** The segments among listed objects (`<nodePath>/commitlog/…` keys), oldest first. */
export function archivedSegments(objects: readonly { key: string; size: number }[], nodePath: string): ArchivedSegment[] {
  const prefix = `${nodePath}/`;
  const out: ArchivedSegment[] = [];
  for (const object of objects) {
    if (!object.key.startsWith(prefix)) continue;
    const objectKey = object.key.slice(prefix.length);
    const parsed = parseCommitlogObjectKey(objectKey);
    if (parsed && SEGMENT.test(parsed.fileName)) out.push({ objectKey, ...parsed, size: object.size });
  }
  return out.sort(byAge);
}

/**
 * The segments to replay up to `end` (Esop §4.14): every one last modified within [start, end],
 * plus the first one modified after `end` — it was still being written at `end`, so it holds the
 * last mutations before it (the "overhang"; copies with the same first mtime all count). Cassandra
 * skips what comes after the point in time while it replays.
 *
 * A segment uploaded several times (the live segment, by repeated backups) is restored from its
 * latest copy: a later copy only adds mutations, and they all go to the same local file name.
 */
export function selectSegments(all: readonly ArchivedSegment[], start: number, end: number): ArchivedSegment[] {
  const overhang = Math.min(...all.filter((s) => s.mtimeMs > end).map((s) => s.mtimeMs));
  const names = new Set(all.filter((s) => (s.mtimeMs >= start && s.mtimeMs <= end) || s.mtimeMs === overhang).map((s) => s.fileName));
  const latest = new Map<string, ArchivedSegment>();
  for (const segment of all) {
    if (!names.has(segment.fileName)) continue;
    const seen = latest.get(segment.fileName);
    if (!seen || segment.mtimeMs > seen.mtimeMs) latest.set(segment.fileName, segment);
  }
  return [...latest.values()].sort(byAge);
}

/** Why nothing was selected, for the failure message. */
export function describeNoSegments(all: readonly ArchivedSegment[], start: number, end: number, where: string): string {
  const window = `between ${iso(start)} and ${iso(end)} (timestampStart ${start}, timestampEnd ${end})`;
  if (all.length === 0) return `no commit-log segment to restore: ${where} holds no segments at all`;
  const first = all[0].mtimeMs;
  const last = all[all.length - 1].mtimeMs;
  return `no commit-log segment to restore: none of the ${all.length} segment(s) in ${where} was last modified ${window} ` +
    `or after it; they were last modified from ${iso(first)} to ${iso(last)}`;
}

function iso(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}

function byAge(a: ArchivedSegment, b: ArchivedSegment): number {
  return a.mtimeMs - b.mtimeMs || (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0);
}
