import type { TableDigest } from '../cassandra/cql-digest.js';
import type { StorageLocation, StorageProvider } from '../storage/index.js';

/**
 * Files the sidecar keeps beside a node's backup, under `<node>/icarus-records/<backupName>/`:
 * Esop lists only `manifests/` and `data/`, so it ignores them, and their keys never hold the word
 * Esop's GCS/Azure listing greps for.
 */
export const RECORDS_DIR = 'icarus-records';
export const DIGESTS_FILE = 'digests.json';
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,299}$/;

/** `icarus-records/<backupName>/<file>`, relative to the node path. */
export function recordKey(backupName: string, file: string): string {
  if (!NAME.test(backupName) || backupName.includes('manifests')) throw new Error(`Invalid backup name "${backupName}" for a record`);
  return `${RECORDS_DIR}/${backupName}/${file}`;
}

/** `drill-<epochMillis>.json`. */
export function drillRecordFile(epochMillis: number): string {
  return `drill-${Math.trunc(epochMillis)}.json`;
}

/** Content digests recorded while a backup was taken (`recordDigests: true`). */
export interface DigestRecord {
  version: 1;
  backupName: string;
  /** When the digests were read (right after the snapshot). */
  time: string;
  /** Token ranges this node replicates, read at CL ALL: the rows this node's backup holds. */
  scope: 'node-replica-ranges';
  consistency: 'ALL';
  tables: Record<string, TableDigest>;
  /** Tables whose digest could not be read, and why (the backup itself did not fail for it). */
  errors: Record<string, string>;
}

/** What a drill found (the verify helper's catalog reads `ok`, `time`, `rtoSecondsPerGiB`). */
export interface DrillRecord {
  ok: boolean;
  time: string;
  backupName: string;
  tables: string[];
  rows: number;
  bytes: number;
  seconds: number;
  rtoSecondsPerGiB: number | null;
  /** How the restored data was checked: against recorded digests, or by Cassandra's SSTable verify. */
  check: 'digest' | 'verify';
  mismatches: DrillMismatch[];
}

/** One thing a drill found wrong. */
export interface DrillMismatch {
  table?: string;
  problem: 'rows' | 'digest' | 'restore' | 'verify' | 'not-comparable';
  /** The object or file that failed, when known. */
  file?: string;
  range?: string;
  expected?: string | number;
  actual?: string | number;
  message?: string;
}

export async function writeRecord(provider: StorageProvider, location: StorageLocation, backupName: string, file: string, record: object): Promise<void> {
  await provider.uploadText(location.nodeKey(recordKey(backupName, file)), JSON.stringify(record, null, 2));
}

/** The digests recorded with a backup, or null when it was taken without `recordDigests`. */
export async function readDigestRecord(provider: StorageProvider, location: StorageLocation, backupName: string): Promise<DigestRecord | null> {
  const key = location.nodeKey(recordKey(backupName, DIGESTS_FILE));
  if (!(await provider.exists(key))) return null;
  const record = JSON.parse(await provider.downloadText(key)) as DigestRecord;
  if (record.version !== 1 || typeof record.tables !== 'object') throw new Error(`${DIGESTS_FILE} of ${backupName} is not a digest record this sidecar reads`);
  return record;
}
