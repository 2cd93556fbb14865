import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { backupStateDir } from '../../backups/backup-state.js';
import { HashCache } from '../../backups/hash-cache.js';
import { manifestTimestamp } from '../../backups/manifest-names.js';
import type { ClusterHealth } from '../../cassandra/cluster-health.js';
import type { ColumnFamilyStore } from '../../cassandra/column-family-store.js';
import type { EndpointSnitchInfo } from '../../cassandra/endpoint-snitch-info.js';
import type { StorageService } from '../../cassandra/storage-service.js';
import { requireSpace, type SpaceNeed } from '../../common/disk-space.js';
import { errorMessage, OperationFailedError, throwIfCancelled } from '../../common/errors.js';
import type { SidecarConfig } from '../../config/sidecar-config.js';
import type { OperationContext } from '../../operations/operation-handler.js';
import type { HashAlgorithm, StorageLocation, StorageProvider } from '../../storage/index.js';
import { FreshSSTableNames } from './fresh-sstable-names.js';
import { cleanUp } from './restore-cleanup.js';
import { downloadVerified } from './restore-download.js';
import { hardlinkTables, importTables, verifyDownloads } from './restore-import.js';
import { madeSince, type RestoreMarker, truncatedSnapshots } from './restore-marker.js';
import type { PlacedFile, PlacedTable } from './restore-placement.js';
import type { ResolvedBackup } from './restore-source.js';
import type { RestoreRequest } from './restore.request.js';

/** The node's facades and the config a HARDLINKS/IMPORT phase uses. */
export interface PhasedRestoreDeps {
  config: SidecarConfig;
  storage: StorageService;
  snitch: EndpointSnitchInfo;
  tables: ColumnFamilyStore;
  health: ClusterHealth;
}

/** What a phase after INIT works with: the backup resolved, its files placed, this restore's marker (if for that backup). */
export interface PhaseStep {
  context: OperationContext<RestoreRequest>;
  deps: PhasedRestoreDeps;
  backup: ResolvedBackup;
  placed: { tables: PlacedTable[]; files: PlacedFile[] };
  sourceDir: string;
  location: StorageLocation;
  openProvider: (location: StorageLocation, hash: HashAlgorithm) => StorageProvider;
  marker: RestoreMarker | null;
}

/** A phase's fields for the operation JSON, and what the marker records of it (null: nothing, CLEANUP removes it). */
export interface StepOutcome {
  fields: Record<string, unknown>;
  record: Partial<Pick<RestoreMarker, 'truncatedBefore' | 'truncatedByRestore'>> | null;
}

const liveDirsOf = (step: PhaseStep): string[] => step.placed.tables.flatMap((t) => t.liveDirs);

/**
 * IMPORT copies every file into the data directories (Cassandra picks which by token range) while
 * the truncated data stays on disk in its `truncated-*` snapshot; HARDLINKS only links.
 */
function importCopy(step: PhaseStep): SpaceNeed[] {
  if (step.context.request.restorationStrategyType !== 'IMPORT') return [];
  return [{ dirs: liveDirsOf(step), bytes: step.placed.files.reduce((sum, f) => sum + f.size, 0), what: "Cassandra's copy of the imported SSTables" }];
}

/** HARDLINKS links the downloads into the live directories: they must share a filesystem, known before anything is truncated. */
async function requireLinkable(step: PhaseStep): Promise<void> {
  if (step.context.request.restorationStrategyType !== 'HARDLINKS') return;
  const download = await deviceOf(step.sourceDir);
  const apart = [];
  for (const dir of new Set(liveDirsOf(step))) if ((await deviceOf(dir)) !== download) apart.push(dir);
  if (apart.length > 0) {
    throw new OperationFailedError(`HARDLINKS needs the download directory ${step.sourceDir} on the filesystem of the data directories, and ${apart.join(', ')} is on another; use IMPORT. Nothing was downloaded or truncated`);
  }
}

export async function runDownload(step: PhaseStep): Promise<StepOutcome> {
  const { context, deps, backup, placed, location } = step;
  await requireLinkable(step);
  const truncatedBefore = await truncatedSnapshots(liveDirsOf(step));
  if (context.request.noDownloadData) return { fields: { downloaded: 'skipped (noDownloadData)' }, record: { truncatedBefore } };
  await requireSameTokens(backup.manifest.tokens, await deps.storage.tokens());
  const provider = step.openProvider(location, backup.hashAlgorithm);
  try {
    const hashCache = await HashCache.load(backupStateDir(deps.config.server.dataDir));
    const space = { outcome: 'nothing was downloaded or truncated', later: importCopy(step) };
    const done = await downloadVerified(placed.files, { provider, location, algorithm: backup.hashAlgorithm, context, space, hashCache });
    return { fields: { downloadedFiles: done.fetched, verifiedExistingFiles: done.kept }, record: { truncatedBefore } };
  } finally {
    await provider.close();
  }
}

/**
 * TRUNCATE: only the tables this restore brings back (Esop truncated every table of the node when
 * entities was empty, §6.2 #13), and only once the import copy is known to fit. Records the
 * `truncated-*` snapshots the truncate made, for CLEANUP.
 */
export async function runTruncate(step: PhaseStep): Promise<StepOutcome> {
  const { context, deps, placed, marker } = step;
  await requireLinkable(step);
  await requireSpace(importCopy(step), 'nothing was truncated');
  const liveDirs = liveDirsOf(step);
  const before = marker?.truncatedBefore ?? (await truncatedSnapshots(liveDirs));
  await truncateTables(placed.tables, deps.storage, context.signal);
  const made = madeSince(before, await truncatedSnapshots(liveDirs));
  const truncatedByRestore = [...new Set([...(marker?.truncatedByRestore ?? []), ...made])].sort();
  return { fields: { truncatedTables: placed.tables.map((t) => `${t.keyspace}.${t.table}`) }, record: { truncatedBefore: before, truncatedByRestore } };
}

export async function runImport(step: PhaseStep): Promise<StepOutcome> {
  const { context, deps, backup, placed, sourceDir, marker } = step;
  const { request, signal } = context;
  await verifyDownloads(placed.files, backup.hashAlgorithm, signal, await HashCache.load(backupStateDir(deps.config.server.dataDir)));
  await requireSpace(importCopy(step), 'nothing was imported');
  // In a cluster-wide restore TRUNCATE ran on another node: its snapshots here appeared since DOWNLOAD.
  const truncatedByRestore = marker?.truncatedByRestore ?? (marker?.truncatedBefore ? madeSince(marker.truncatedBefore, await truncatedSnapshots(liveDirsOf(step))) : undefined);
  if (request.restorationStrategyType === 'HARDLINKS') {
    const names = new FreshSSTableNames(backup.name, manifestTimestamp(backup.name) ?? Date.now());
    await hardlinkTables(placed.tables, placed.files, deps.tables, names, signal);
  } else {
    await importTables({ sourceDir, ...placed }, deps.tables, request.import, signal);
  }
  return { fields: { importedTables: placed.tables.map((t) => `${t.keyspace}.${t.table}`) }, record: truncatedByRestore ? { truncatedByRestore } : {} };
}

/** CLEANUP: this restore's truncate snapshots and downloads, then its marker: the restore is over. */
export async function runCleanup(step: PhaseStep): Promise<StepOutcome> {
  const { request } = step.context;
  const cleaned = await cleanUp(step.placed.tables, step.sourceDir, {
    truncatedByRestore: request.noDeleteTruncates ? [] : (step.marker?.truncatedByRestore ?? []),
    keepDownloads: request.noDeleteDownloads,
  });
  return { fields: { deletedTruncatedSnapshots: cleaned.snapshots, deletedDownloadDirs: cleaned.downloads }, record: null };
}

/** st_dev of a directory, or of its nearest existing parent (the download directory may not exist yet). */
async function deviceOf(dir: string): Promise<number> {
  for (let probe = dir; ; probe = dirname(probe)) {
    const info = await stat(probe).catch(() => null);
    if (info) return info.dev;
    if (dirname(probe) === probe) throw new OperationFailedError(`${dir} is on no filesystem that exists`);
  }
}

async function requireSameTokens(backup: string[], node: string[]): Promise<void> {
  const a = new Set(backup);
  const b = new Set(node);
  if (a.size !== b.size || [...a].some((t) => !b.has(t))) {
    throw new OperationFailedError(`Tokens from snapshot and tokens of this node does not match! (backup: ${a.size} tokens, node: ${b.size})`);
  }
}

async function truncateTables(tables: Array<{ keyspace: string; table: string }>, storage: StorageService, signal: AbortSignal): Promise<void> {
  const failed: string[] = [];
  for (const t of tables) {
    throwIfCancelled(signal);
    await storage.truncate(t.keyspace, t.table, { signal }).catch((err: unknown) => failed.push(`${t.keyspace}.${t.table}: ${errorMessage(err)}`));
  }
  if (failed.length > 0) throw new OperationFailedError(`Some tables were unable to be truncated: ${failed.join('; ')}`);
}
