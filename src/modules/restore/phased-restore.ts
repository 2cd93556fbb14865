import { backupStateDir } from '../../backups/backup-state.js';
import { isSystemKeyspace, parseEntities } from '../../backups/entities.js';
import { HashCache } from '../../backups/hash-cache.js';
import { resolveNodeLocation } from '../../backups/node-location.js';
import type { ClusterHealth } from '../../cassandra/cluster-health.js';
import type { ColumnFamilyStore } from '../../cassandra/column-family-store.js';
import type { EndpointSnitchInfo } from '../../cassandra/endpoint-snitch-info.js';
import type { StorageService } from '../../cassandra/storage-service.js';
import { errorMessage, OperationFailedError, throwIfCancelled } from '../../common/errors.js';
import type { SidecarConfig } from '../../config/sidecar-config.js';
import type { OperationContext } from '../../operations/operation-handler.js';
import { toPath } from '../../operations/path-fields.js';
import { storageEnvOf, storageOptionsOf } from '../../operations/storage-request.js';
import { createStorageProvider, StorageLocation, type HashAlgorithm, type StorageProvider } from '../../storage/index.js';
import { cleanUp } from './restore-cleanup.js';
import { downloadVerified } from './restore-download.js';
import { hardlinkTables, importTables, verifyDownloads } from './restore-import.js';
import { placeForRestore } from './restore-placement.js';
import { selectForRestore } from './restore-selection.js';
import { readMarker, resolveBackup, resolveHostIdFromTopology, writeMarker } from './restore-source.js';
import type { RestoreRequest } from './restore.request.js';

export interface PhasedRestoreDeps {
  config: SidecarConfig;
  storage: StorageService;
  snitch: EndpointSnitchInfo;
  tables: ColumnFamilyStore;
  health: ClusterHealth;
}

/**
 * One phase of a HARDLINKS or IMPORT restore on a running node (§3.5): INIT checks the bucket and
 * finds the backup; DOWNLOAD fetches its files (verified, resumable); TRUNCATE empties the tables it
 * restores; IMPORT brings the files in; CLEANUP removes what the restore left. Each phase can run
 * again harmlessly. The cluster must be healthy before DOWNLOAD, TRUNCATE and IMPORT.
 */
export async function runRestorePhase(context: OperationContext<RestoreRequest>, deps: PhasedRestoreDeps): Promise<Record<string, unknown>> {
  const { request, signal } = context;
  const phase = request.restorationPhase!;
  const sourceDir = toPath(request.import!.sourceDir);
  const openProvider = (location: StorageLocation, hash: HashAlgorithm): StorageProvider =>
    createStorageProvider(location, storageOptionsOf(request, hash), storageEnvOf(request, deps.config.backup));

  let location = StorageLocation.parse(request.storageLocation);
  if (!location.complete) location = await resolveNodeLocation(location, deps.storage, deps.snitch);
  const lookup = openProvider(location, request.hashAlgorithm ?? deps.config.backup.hashAlgorithm);
  try {
    if (request.resolveHostIdFromTopology) location = await resolveHostIdFromTopology(lookup, location, request.snapshotTag);
    if (phase === 'INIT') await lookup.ensureBucket();
    if (phase === 'DOWNLOAD' || phase === 'TRUNCATE' || phase === 'IMPORT') await deps.health.require();
    const marker = await readMarker(sourceDir);
    const pinned = marker?.storageLocation === location.rawLocation && marker.snapshotTag === request.snapshotTag ? marker.manifest : undefined;
    const schemaVersion = request.exactSchemaVersion ? (request.schemaVersion ?? (await deps.storage.schemaVersion())) : undefined;
    const backup = await resolveBackup(lookup, location, request.snapshotTag, { schemaVersion, pinned, fallbackHash: request.hashAlgorithm ?? deps.config.backup.hashAlgorithm });
    const result = { storageLocation: location.rawLocation, manifestName: backup.name };
    if (phase === 'INIT') {
      await writeMarker(sourceDir, { storageLocation: location.rawLocation, snapshotTag: request.snapshotTag, manifest: backup.name });
      return result;
    }
    const selection = selectForRestore(backup.manifest, parseEntities(request.entities), request.rename, (ks) => !isSystemKeyspace(ks));
    const placed = await placeForRestore(selection, sourceDir, deps.tables);
    throwIfCancelled(signal);
    switch (phase) {
      case 'DOWNLOAD': {
        if (request.noDownloadData) return { ...result, downloaded: 'skipped (noDownloadData)' };
        await requireSameTokens(backup.manifest.tokens, await deps.storage.tokens());
        const provider = openProvider(location, backup.hashAlgorithm);
        try {
          const hashCache = await HashCache.load(backupStateDir(deps.config.server.dataDir));
          const done = await downloadVerified(placed.files, { provider, location, algorithm: backup.hashAlgorithm, context, spaceCheckDir: sourceDir, hashCache });
          await writeMarker(sourceDir, { storageLocation: location.rawLocation, snapshotTag: request.snapshotTag, manifest: backup.name });
          return { ...result, downloadedFiles: done.fetched, verifiedExistingFiles: done.kept };
        } finally {
          await provider.close();
        }
      }
      case 'TRUNCATE':
        await truncateTables(placed.tables, deps.storage, signal);
        return { ...result, truncatedTables: placed.tables.map((t) => `${t.keyspace}.${t.table}`) };
      case 'IMPORT':
        await verifyDownloads(placed.files, backup.hashAlgorithm, signal, await HashCache.load(backupStateDir(deps.config.server.dataDir)));
        if (request.restorationStrategyType === 'HARDLINKS') await hardlinkTables(placed.tables, placed.files, deps.tables, signal);
        else await importTables({ sourceDir, ...placed }, deps.tables, request.import, signal);
        return { ...result, importedTables: placed.tables.map((t) => `${t.keyspace}.${t.table}`) };
      case 'CLEANUP': {
        const cleaned = await cleanUp(placed.tables, sourceDir, { keepTruncates: request.noDeleteTruncates, keepDownloads: request.noDeleteDownloads });
        return { ...result, deletedTruncatedSnapshots: cleaned.snapshots, deletedDownloadDirs: cleaned.downloads };
      }
      default:
        throw new OperationFailedError(`unknown restoration phase ${String(phase)}`);
    }
  } finally {
    await lookup.close();
  }
}

async function requireSameTokens(backup: string[], node: string[]): Promise<void> {
  const a = new Set(backup);
  const b = new Set(node);
  if (a.size !== b.size || [...a].some((t) => !b.has(t))) {
    throw new OperationFailedError(`Tokens from snapshot and tokens of this node does not match! (backup: ${a.size} tokens, node: ${b.size})`);
  }
}

/** TRUNCATE: only the tables this restore brings back (Esop truncated every table of the node when entities was empty, §6.2 #13). */
async function truncateTables(tables: Array<{ keyspace: string; table: string }>, storage: StorageService, signal: AbortSignal): Promise<void> {
  const failed: string[] = [];
  for (const t of tables) {
    throwIfCancelled(signal);
    await storage.truncate(t.keyspace, t.table, { signal }).catch((err: unknown) => failed.push(`${t.keyspace}.${t.table}: ${errorMessage(err)}`));
  }
  if (failed.length > 0) throw new OperationFailedError(`Some tables were unable to be truncated: ${failed.join('; ')}`);
}
