import { isSystemKeyspace, parseEntities } from '../../backups/entities.js';
import { resolveNodeLocation } from '../../backups/node-location.js';
import { OperationFailedError, throwIfCancelled } from '../../common/errors.js';
import type { OperationContext } from '../../operations/operation-handler.js';
import { toPath } from '../../operations/path-fields.js';
import { storageEnvOf, storageOptionsOf } from '../../operations/storage-request.js';
import { createStorageProvider, StorageLocation, type HashAlgorithm, type StorageProvider } from '../../storage/index.js';
import { nextMarker, readMarker, writeMarker, pinnedBackup } from './restore-marker.js';
import { placeForRestore } from './restore-placement.js';
import { selectForRestore } from './restore-selection.js';
import { resolveBackup, resolveHostIdFromTopology } from './restore-source.js';
import { type PhasedRestoreDeps, type PhaseStep, runCleanup, runDownload, runImport, runTruncate } from './restore-steps.js';

export type { PhasedRestoreDeps };
import type { RestoreRequest } from './restore.request.js';

/**
 * One phase of a HARDLINKS or IMPORT restore on a running node (§3.5): INIT checks the bucket and
 * finds the backup; DOWNLOAD fetches its files (verified, resumable); TRUNCATE empties the tables it
 * restores; IMPORT brings the files in; CLEANUP removes what the restore left. Each phase can run
 * again harmlessly. The cluster must be healthy before DOWNLOAD, TRUNCATE and IMPORT. Which backup a
 * phase restores follows `pinnedBackup`: INIT always resolves the tag anew, later phases restore
 * what was downloaded (recorded in the download directory), and that must still satisfy the request.
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
    const identity = { storageLocation: location.rawLocation, snapshotTag: request.snapshotTag };
    const schemaVersion = request.exactSchemaVersion ? (request.schemaVersion ?? (await deps.storage.schemaVersion())) : undefined;
    const backup = await resolveBackup(lookup, location, {
      tag: request.snapshotTag,
      schemaVersion,
      pinned: pinnedBackup(phase, marker, identity),
      fallbackHash: request.hashAlgorithm ?? deps.config.backup.hashAlgorithm,
    });
    const result = { storageLocation: location.rawLocation, manifestName: backup.name };
    const base = { ...identity, manifest: backup.name };
    if (phase === 'INIT') {
      await writeMarker(sourceDir, nextMarker(marker, 'INIT', base));
      return result;
    }
    const selection = selectForRestore(backup.manifest, parseEntities(request.entities), request.rename, (ks) => !isSystemKeyspace(ks));
    const placed = await placeForRestore(selection, sourceDir, deps.tables);
    throwIfCancelled(signal);
    const ours = marker && marker.storageLocation === base.storageLocation && marker.snapshotTag === base.snapshotTag && marker.manifest === base.manifest;
    const step: PhaseStep = { context, deps, backup, placed, sourceDir, location, openProvider, marker: ours ? marker : null };
    const run = { DOWNLOAD: runDownload, TRUNCATE: runTruncate, IMPORT: runImport, CLEANUP: runCleanup }[phase];
    if (!run) throw new OperationFailedError(`unknown restoration phase ${String(phase)}`);
    const { fields, record } = await run(step);
    if (record) await writeMarker(sourceDir, nextMarker(marker, phase, { ...base, ...record }));
    return { ...result, ...fields };
  } finally {
    await lookup.close();
  }
}
