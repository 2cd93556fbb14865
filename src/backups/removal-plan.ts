import { ValidationError } from '../common/errors.js';
import { keyUsage } from './backup-report.js';
import { manifestObjectKey, topologyObjectKey } from './bucket-layout.js';
import type { Manifest } from './manifest.js';
import { manifestTimestamp } from './manifest-names.js';

/** Which backups of a node `remove-backup` removes: exactly one of the three. */
export interface RemovalSelection {
  /** Exact manifest name. */
  backupName?: string;
  /** The oldest backup. */
  removeOldest?: boolean;
  /** Backups older than this many ms before `nowMs`; 0 or less means not set (Esop's zero Time). */
  olderThanMs?: number;
}

/** What to delete, in order: data objects, then manifests (so an interrupted run can be re-run), then topology files. */
export interface RemovalPlan {
  /** Manifest names removed, newest first. */
  remove: string[];
  /** Manifest names kept. */
  keep: string[];
  /** Node-relative keys of the objects no kept manifest references. */
  deleteKeys: string[];
  /** Node-relative keys of the removed manifests. */
  manifestKeys: string[];
  /**
   * Bucket-root keys of the removed backups' topology files (§6.2 #16: Esop left these behind unless
   * removing by name). A topology file serves every node of a cluster-wide backup: delete it only
   * when the backup goes from all nodes (Esop deleted it even when removing from one node).
   */
  topologyKeys: string[];
}

function refuse(field: string, message: string): never {
  throw new ValidationError(message, [{ field, problem: message }]);
}

/** Esop's RemoveBackupRequest.validate, with its messages. */
export function validateRemovalSelection(selection: RemovalSelection): void {
  const olderThan = (selection.olderThanMs ?? 0) > 0;
  const name = selection.backupName ?? null;
  if (selection.removeOldest) {
    if (name !== null) refuse('backupName', 'You have specified you want to remove the oldest backup but you specified backupName too!');
    if (olderThan) refuse('olderThan', 'You have specified you want to remove the oldest backup but you specified olderThan too!');
  } else if (name !== null) {
    if (olderThan) refuse('olderThan', `You have specified you want to remove backup ${name} but you specified olderThan too!`);
  } else if (!olderThan) {
    refuse('olderThan', 'You have not specified you want to remove any specific backup but you have not specified olderThan either!');
  }
}

/**
 * Plans the removal of backups from one node's manifests (§4.16). Selection as Esop: by exact name
 * (none found: nothing to do, not an error), the oldest, or all with a timestamp older than
 * `nowMs - olderThanMs`; a manifest whose name has no timestamp is only removed by name.
 *
 * Unlike Esop, an object is deleted when no *remaining* manifest references it: Esop deleted only
 * objects referenced by exactly one manifest, so an object shared by two backups removed together
 * (by age) stayed in the bucket for ever.
 */
export function removalPlan(manifests: { name: string; manifest: Manifest }[], selection: RemovalSelection, nowMs: number): RemovalPlan {
  validateRemovalSelection(selection);
  const dated = manifests
    .map((m) => ({ ...m, ts: manifestTimestamp(m.name) }))
    .sort((a, b) => (b.ts ?? -1) - (a.ts ?? -1) || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
  let chosen: typeof dated;
  if (selection.backupName !== undefined) {
    chosen = dated.filter((m) => m.name === selection.backupName);
  } else if (selection.removeOldest) {
    chosen = dated.filter((m) => m.ts !== null).slice(-1);
  } else {
    const cut = nowMs - (selection.olderThanMs ?? 0);
    chosen = dated.filter((m) => m.ts !== null && m.ts < cut);
  }
  const removed = new Set(chosen.map((m) => m.name));
  const kept = dated.filter((m) => !removed.has(m.name));
  const stillUsed = keyUsage(kept);
  const deleteKeys = [...keyUsage(chosen).keys()].filter((key) => !stillUsed.has(key));
  return {
    remove: chosen.map((m) => m.name),
    keep: kept.map((m) => m.name),
    deleteKeys,
    manifestKeys: chosen.map((m) => manifestObjectKey(m.name)),
    topologyKeys: chosen.map((m) => topologyObjectKey(m.name)),
  };
}
