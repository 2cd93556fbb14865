import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RestorationPhase } from './restore.request.js';

const MARKER = '.icarus-restore.json';

/**
 * What one HARDLINKS/IMPORT restore on this node has done so far, kept in its download directory:
 * the backup INIT or DOWNLOAD chose (so the later phases restore exactly the files downloaded, even
 * if a newer backup of the tag appears meanwhile) and the `truncated-*` snapshots that were there
 * before it truncated (so CLEANUP removes only those the restore made).
 */
export interface RestoreMarker {
  storageLocation: string;
  snapshotTag: string;
  manifest: string;
  /** The last phase that ran with this marker. */
  phase: RestorationPhase;
  /** `truncated-*` snapshot directories of the restored tables before TRUNCATE ran anywhere. */
  truncatedBefore?: string[];
  /** Those TRUNCATE made (on this node, or on the one a cluster-wide restore truncated from). */
  truncatedByRestore?: string[];
}

/**
 * The backup this phase must restore, when the marker pins one. INIT starts a restore: it always
 * resolves the tag anew (a marker left by an earlier restore must never choose its backup). DOWNLOAD
 * follows the INIT just before it; run without one (as Icarus 2 clients start), or again after it,
 * it resolves anew too. TRUNCATE, IMPORT and CLEANUP restore what was downloaded.
 */
export function pinnedBackup(phase: RestorationPhase, marker: RestoreMarker | null, request: { storageLocation: string; snapshotTag: string }): string | undefined {
  if (!marker || marker.storageLocation !== request.storageLocation || marker.snapshotTag !== request.snapshotTag) return undefined;
  if (phase === 'INIT') return undefined;
  if (phase === 'DOWNLOAD') return marker.phase === 'INIT' ? marker.manifest : undefined;
  return marker.manifest;
}

/** The marker after `phase` ran for backup `manifest`: a new backup starts a new record. */
export function nextMarker(previous: RestoreMarker | null, phase: RestorationPhase, base: Omit<RestoreMarker, 'phase'>): RestoreMarker {
  const same = previous && previous.storageLocation === base.storageLocation && previous.snapshotTag === base.snapshotTag && previous.manifest === base.manifest;
  if (phase === 'INIT' || !same) return { ...base, phase };
  return { ...previous, ...base, phase, truncatedBefore: base.truncatedBefore ?? previous.truncatedBefore, truncatedByRestore: base.truncatedByRestore ?? previous.truncatedByRestore };
}

/** Snapshots in `now` that were not in `before`: made since (by the restore's truncate). */
export function madeSince(before: readonly string[], now: readonly string[]): string[] {
  const old = new Set(before);
  return now.filter((s) => !old.has(s));
}

export async function readMarker(sourceDir: string): Promise<RestoreMarker | null> {
  try {
    return JSON.parse(await readFile(join(sourceDir, MARKER), 'utf8')) as RestoreMarker;
  } catch {
    return null;
  }
}

export async function writeMarker(sourceDir: string, marker: RestoreMarker): Promise<void> {
  await mkdir(sourceDir, { recursive: true });
  const temp = join(sourceDir, `${MARKER}.${process.pid}.tmp`);
  await writeFile(temp, JSON.stringify(marker));
  await rename(temp, join(sourceDir, MARKER));
}

export function removeMarker(sourceDir: string): Promise<void> {
  return rm(join(sourceDir, MARKER), { force: true });
}

/** The `truncated-*` snapshot directories under the restored tables' live directories. */
export async function truncatedSnapshots(liveDirs: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const dir of liveDirs) {
    const names = await readdir(join(dir, 'snapshots')).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.startsWith('truncated-'))) found.push(join(dir, 'snapshots', name));
  }
  return found.sort();
}
