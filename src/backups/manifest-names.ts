import { ValidationError } from '../common/errors.js';

/**
 * Snapshot tags and manifest names. A backup's snapshot tag is resolved once to
 * `<tag>-<schemaVersion>-<epochMs>`; that resolved tag names the Cassandra snapshot, the manifest
 * (`manifests/<resolved>.json`) and the topology file. Its last part is the backup's timestamp.
 */

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const RESOLVED = new RegExp(`^(.*)-(${UUID})-(\\d+)$`);
const ENDS_WITH_UUID = new RegExp(`-${UUID}$`);
const TAG_CHARS = /^[A-Za-z0-9_.+-]+$/;
/** `<tag>-<uuid>-<13 digits>.json` must stay within the 255 bytes a file name may have. */
const MAX_TAG_LENGTH = 180;

/** Esop's default tag: `autosnap-<epoch seconds>`. */
export function defaultSnapshotTag(nowMs: number): string {
  return `autosnap-${Math.floor(nowMs / 1000)}`;
}

/** A resolved name's parts, or null when the name is not `<tag>-<uuid>-<digits>`. */
export function parseResolvedName(name: string): { tag: string; schemaVersion: string; timestamp: number } | null {
  const m = RESOLVED.exec(name);
  return m && m[1] !== '' ? { tag: m[1], schemaVersion: m[2], timestamp: Number(m[3]) } : null;
}

/**
 * `<tag>-<schemaVersion>-<nowMs>`, unless the tag already has that form (a cluster-wide backup
 * resolves the tag once and hands it to every node). Esop's Icarus path treated any tag ending in
 * `-<digits>` as resolved (§6.2 #9), so `nightly-7` and `autosnap-<secs>` kept no schema version or
 * time and could not be told apart by "latest wins" or `exactSchemaVersion`; here they get the suffix.
 */
export function resolveSnapshotTag(tag: string, schemaVersion: string, nowMs: number): string {
  return parseResolvedName(tag) ? tag : `${tag}-${schemaVersion}-${Math.trunc(nowMs)}`;
}

/** The backup's time: the text after the last `-` as a number (Esop's rule), or null if it is none. */
export function manifestTimestamp(name: string): number | null {
  const last = name.slice(name.lastIndexOf('-') + 1);
  return /^\d{1,16}$/.test(last) ? Number(last) : null;
}

/**
 * Whether manifest `name` belongs to snapshot tag `tag`. Exact, unlike Esop's substring match
 * (§6.2 #10: `snap1` also matched `snap10-…` and `snap1x-…`). It matches when the name
 * - is the tag itself (a tag given already resolved, or an Icarus tag Esop kept unsuffixed),
 * - is `<tag>-<any schema version>-<ts>`,
 * - or, for a tag ending in a schema version (Icarus' tests use `snapshot1-<schemaVersion>`), `<tag>-<ts>`.
 * With `schemaVersion` (exactSchemaVersion) the name must carry that version.
 */
export function manifestMatchesTag(name: string, tag: string, schemaVersion?: string): boolean {
  const parsed = parseResolvedName(name);
  if (schemaVersion !== undefined) {
    if (!parsed || parsed.schemaVersion.toLowerCase() !== schemaVersion.toLowerCase()) return false;
    return name === tag || parsed.tag === tag || `${parsed.tag}-${parsed.schemaVersion}` === tag;
  }
  if (name === tag) return true;
  return parsed !== null && (parsed.tag === tag || (ENDS_WITH_UUID.test(tag) && `${parsed.tag}-${parsed.schemaVersion}` === tag));
}

/**
 * The manifest a restore of `tag` uses: among the matching names, the latest by timestamp ("latest
 * wins"); a match without a numeric timestamp only if there is nothing else. Null when none matches.
 */
export function latestManifestName(names: Iterable<string>, tag: string, schemaVersion?: string): string | null {
  let best: { name: string; ts: number } | null = null;
  for (const name of names) {
    if (!manifestMatchesTag(name, tag, schemaVersion)) continue;
    const ts = manifestTimestamp(name) ?? -1;
    if (!best || ts > best.ts || (ts === best.ts && name > best.name)) best = { name, ts };
  }
  return best?.name ?? null;
}

/**
 * Checks a user-given snapshot tag before it becomes a directory name under every table and part of
 * object keys. Cassandra itself refuses `:` (File.pathSeparator) and snapshots named `truncated-…`
 * or `dropped-…` are Cassandra's own (Esop skips them when scanning, so such a backup would be empty).
 */
export function validateSnapshotTag(tag: string): void {
  const problem =
    tag === ''
      ? 'must not be empty'
      : tag.includes('/') || tag.includes('..') || tag.startsWith('.')
        ? 'must not contain "/" or "..", nor start with "."'
        : !TAG_CHARS.test(tag)
          ? 'may contain only letters, digits and "_", ".", "+", "-"'
          : tag.length > MAX_TAG_LENGTH
            ? `must be at most ${MAX_TAG_LENGTH} characters`
            : /^(truncated|dropped)-/.test(tag)
              ? 'must not start with "truncated-" or "dropped-" (Cassandra names its own snapshots so)'
              : null;
  if (problem) throw ValidationError.forField('snapshotTag', problem);
}
