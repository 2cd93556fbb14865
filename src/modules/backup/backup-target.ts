import { parseEntities } from '../../backups/entities.js';
import { defaultSnapshotTag, resolveSnapshotTag } from '../../backups/manifest-names.js';
import { resolveNodeLocation } from '../../backups/node-location.js';
import type { EndpointSnitchInfo } from '../../cassandra/endpoint-snitch-info.js';
import type { StorageService } from '../../cassandra/storage-service.js';
import { toPath } from '../../operations/path-fields.js';
import { StorageLocation, type HashAlgorithm } from '../../storage/index.js';
import type { BackupRequest } from './backup.request.js';

/**
 * What one backup writes, fixed when it first runs and kept as a checkpoint: a backup resumed after
 * a restart reuses the same snapshot, name and location, so it writes the manifest the uninterrupted
 * run would have written.
 */
export interface BackupTarget {
  /** Complete `…/<cluster>/<dc>/<node>` location. */
  location: string;
  /** Snapshot tag and manifest name: `<tag>-<schemaVersion>-<epoch ms>`. */
  name: string;
  schemaVersion: string;
  tokens: string[];
  dataDirs: string[];
  /** What takeSnapshot is given: keyspaces, or `ks.table`s; empty = every keyspace. */
  snapshotEntities: string[];
  hashAlgorithm: HashAlgorithm;
}

export async function resolveBackupTarget(
  request: BackupRequest,
  cassandra: { storage: StorageService; snitch: EndpointSnitchInfo },
  defaultHash: HashAlgorithm,
  nowMs = Date.now(),
): Promise<BackupTarget> {
  const { storage, snitch } = cassandra;
  const location = await resolveNodeLocation(StorageLocation.parse(request.storageLocation), storage, snitch);
  const [schemaVersion, tokens, dataDirs] = await Promise.all([
    storage.schemaVersion(),
    storage.tokens(),
    request.dataDirs?.length ? request.dataDirs.map(toPath) : storage.allDataFileLocations(),
  ]);
  const entities = parseEntities(request.entities);
  return {
    location: location.rawLocation,
    name: resolveSnapshotTag(request.snapshotTag ?? defaultSnapshotTag(nowMs), schemaVersion, nowMs),
    schemaVersion,
    tokens: [...tokens].sort(),
    dataDirs,
    snapshotEntities: entities.tables.length ? entities.tables.map((t) => `${t.keyspace}.${t.table}`) : entities.keyspaces,
    hashAlgorithm: request.hashAlgorithm ?? defaultHash,
  };
}
