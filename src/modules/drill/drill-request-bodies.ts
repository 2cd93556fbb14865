import { OperationType } from '../../operations/operation-type.js';
import type { DrillTable } from './drill-backup.js';
import type { DrillRequest } from './drill.request.js';

/** The storage settings of a drill request (bucket credentials, proxy, retries, parallelism), without the drill's own fields. */
export function storageSettingsOf(request: DrillRequest): Record<string, unknown> {
  const {
    type: _type, snapshotTag: _tag, entities: _entities, downloadDir: _dir, minFreeDiskPercent: _pct, extendedVerify: _ext,
    globalRequest: _global, dc: _dc, timeout: _timeout, scratchReady: _ready, drillTime: _time, storageLocation: _location, ...storage
  } = request;
  return storage;
}

/**
 * One phase of the IMPORT restore a drill runs: the tables of the backup, each renamed into its
 * scratch table (Esop's `rename`, which may cross keyspaces), downloaded into `downloadDir`.
 */
export function restoreBody(request: DrillRequest, location: string, backupName: string, tables: DrillTable[], downloadDir: string, phase: string): Record<string, unknown> {
  return {
    ...storageSettingsOf(request),
    type: OperationType.Restore,
    storageLocation: location,
    snapshotTag: backupName,
    restorationStrategyType: 'IMPORT',
    restorationPhase: phase,
    entities: tables.map((t) => `${t.keyspace}.${t.table}`).join(','),
    rename: Object.fromEntries(tables.map((t) => [`${t.keyspace}.${t.table}`, `${t.scratchKeyspace}.${t.table}`])),
    import: { type: 'import', sourceDir: downloadDir },
    skipBucketVerification: true,
  };
}

/** A node's part of a cluster-wide drill: its own location, the resolved backup name, scratch tables made by the coordinator. */
export function nodeDrillBody(request: DrillRequest, location: string, backupName: string, tables: DrillTable[], drillTime: number): Record<string, unknown> {
  return {
    ...storageSettingsOf(request),
    type: OperationType.Drill,
    storageLocation: location,
    snapshotTag: backupName,
    entities: tables.map((t) => `${t.keyspace}.${t.table}`).join(','),
    minFreeDiskPercent: request.minFreeDiskPercent,
    extendedVerify: request.extendedVerify,
    skipBucketVerification: true,
    scratchReady: true,
    drillTime,
  };
}
