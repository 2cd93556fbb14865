import { manifestObjectKey } from './bucket-layout.js';
import { compare, manifestEntries, type Manifest, type ManifestEntryType } from './manifest.js';
import { manifestTimestamp } from './manifest-names.js';

/** A manifest of one node as listed from storage. */
export interface ListedManifest {
  /** The manifest's name: its file name without `.json`. */
  name: string;
  manifest: Manifest;
  /** Bytes of the manifest file itself. */
  manifestSize: number;
}

/** One backup in a listing; fields in Esop's (Jackson's) order, which is the JSON order. */
export interface ManifestReport {
  files: number;
  size: number;
  name: string;
  /** Bytes of the objects no other manifest of the node references: what removing this backup frees. */
  reclaimableSpace: number;
  /** Those objects' keys. */
  removableEntries: string[];
  /** Esop's `LocalDateTime` text in the server's time zone, e.g. `2021-04-27T15:38:40.284`; absent without a timestamp. */
  timestamp?: string;
  /** Esop writes this entry with type FILE (not MANIFEST_FILE) when listing. */
  manifest: { objectKey: string; type: ManifestEntryType; size: number };
  /** Epoch ms from the name; absent when the name does not end in a number. */
  unixtimestamp?: number;
}

/** Esop's AllManifestsReport: the `response` of a `list` operation. */
export interface AllManifestsReport {
  /** Bytes of all distinct objects (each key counted once), before any filter. */
  totalSize: number;
  /** Number of distinct objects, before any filter. */
  totalFiles: number;
  /** Number of manifests, before any filter. */
  totalManifests: number;
  /** Newest first. */
  reports: ManifestReport[];
}

/** Esop's listing filters, and the time zone of the `timestamp` text. */
export interface ReportOptions {
  /** `fromTimestamp`: keep backups with `unixtimestamp <= fromTimestamp` (Esop keeps older-or-equal, whatever its README says). */
  fromTimestamp?: number;
  /** `lastN`: keep the n oldest (< 1 means all); the order stays newest first. */
  lastN?: number;
  /** Minutes east of UTC for `timestamp`; defaults to this process's time zone, as Esop uses the JVM's. */
  utcOffsetMinutes?: (epochMs: number) => number;
}

/**
 * Builds the listing of one node's manifests (§4.15). Sorting is by timestamp, newest first, names
 * without a timestamp last; Esop compares with `(int) (t2 - t1)`, which overflows for backups more
 * than ~24.8 days apart and then misorders them (and picks the wrong "oldest" to remove).
 */
export function buildReport(manifests: ListedManifest[], options: ReportOptions = {}): AllManifestsReport {
  const usage = keyUsage(manifests);
  const reports = manifests.map((listed) => manifestReport(listed, usage, options));
  reports.sort((a, b) => (b.unixtimestamp ?? -1) - (a.unixtimestamp ?? -1) || compare(b.name, a.name));
  let totalSize = 0;
  for (const { size } of usage.values()) totalSize += size;
  return { totalSize, totalFiles: usage.size, totalManifests: reports.length, reports: filterReports(reports, options) };
}

/** Each object key of the node with its size (first seen, as Esop) and the manifests referencing it. */
export function keyUsage(manifests: { name: string; manifest: Manifest }[]): Map<string, { size: number; manifests: Set<string> }> {
  const usage = new Map<string, { size: number; manifests: Set<string> }>();
  for (const { name, manifest } of manifests) {
    for (const { entry } of manifestEntries(manifest)) {
      const known = usage.get(entry.objectKey);
      if (known) known.manifests.add(name);
      else usage.set(entry.objectKey, { size: entry.size, manifests: new Set([name]) });
    }
  }
  return usage;
}

function manifestReport(listed: ListedManifest, usage: ReturnType<typeof keyUsage>, options: ReportOptions): ManifestReport {
  const entries = manifestEntries(listed.manifest);
  const removableEntries: string[] = [];
  let reclaimableSpace = 0;
  for (const { entry } of entries) {
    const use = usage.get(entry.objectKey);
    if (use && use.manifests.size === 1 && !removableEntries.includes(entry.objectKey)) {
      removableEntries.push(entry.objectKey);
      reclaimableSpace += use.size;
    }
  }
  const ts = manifestTimestamp(listed.name);
  const offset = options.utcOffsetMinutes ?? ((ms: number) => -new Date(ms).getTimezoneOffset());
  return {
    files: entries.length,
    size: entries.reduce((sum, e) => sum + e.entry.size, 0),
    name: listed.name,
    reclaimableSpace,
    removableEntries,
    ...(ts !== null ? { timestamp: javaLocalDateTime(ts, offset(ts)) } : {}),
    manifest: { objectKey: manifestObjectKey(listed.name), type: 'FILE', size: listed.manifestSize },
    ...(ts !== null ? { unixtimestamp: ts } : {}),
  };
}

function filterReports(reports: ManifestReport[], { fromTimestamp, lastN }: ReportOptions): ManifestReport[] {
  let kept = reports;
  if (fromTimestamp !== undefined) kept = kept.filter((r) => r.unixtimestamp !== undefined && r.unixtimestamp <= fromTimestamp);
  if (lastN !== undefined && lastN >= 1) kept = kept.slice(Math.max(0, kept.length - lastN));
  return kept;
}

/**
 * Java's `LocalDateTime.toString()` of an instant seen at a UTC offset: `2021-04-27T15:38:40.284`;
 * seconds are left out when seconds and millis are zero, millis when they are zero.
 */
export function javaLocalDateTime(epochMs: number, utcOffsetMinutes: number): string {
  const d = new Date(epochMs + utcOffsetMinutes * 60_000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const year = d.getUTCFullYear();
  const date = `${year > 9999 ? '+' : ''}${pad(year, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  let text = `${date}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  const seconds = d.getUTCSeconds();
  const millis = d.getUTCMilliseconds();
  if (seconds > 0 || millis > 0) text += `:${pad(seconds)}`;
  if (millis > 0) text += `.${pad(millis, 3)}`;
  return text;
}
