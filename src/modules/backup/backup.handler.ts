import { stat } from 'node:fs/promises';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { backupStateDir, manifestCacheDir } from '../../backups/backup-state.js';
import { manifestObjectKey, topologyObjectKey } from '../../backups/bucket-layout.js';
import { parseEntities } from '../../backups/entities.js';
import { requireEntitiesExist } from '../../backups/entities-check.js';
import { HashCache } from '../../backups/hash-cache.js';
import { KnownObjects } from '../../backups/known-objects.js';
import { readContentDigests } from '../../backups/content-digests.js';
import { DIGESTS_FILE, type DigestRecord, writeRecord } from '../../backups/icarus-records.js';
import { buildManifest } from '../../backups/manifest.js';
import { serializeManifest } from '../../backups/manifest-json.js';
import { validateSnapshotTag } from '../../backups/manifest-names.js';
import { NodeManifests } from '../../backups/node-manifests.js';
import { scanSnapshot, type SnapshotTable } from '../../backups/snapshot-scan.js';
import { SnapshotRegistry } from '../../backups/snapshot-registry.js';
import { ColumnFamilyStore } from '../../cassandra/column-family-store.js';
import { CqlSession } from '../../cassandra/cql-session.js';
import { EndpointSnitchInfo } from '../../cassandra/endpoint-snitch-info.js';
import { Snapshots } from '../../cassandra/snapshots.js';
import { StorageService } from '../../cassandra/storage-service.js';
import { ReplicaRanges } from '../../cassandra/replica-ranges.js';
import { Topology } from '../../cassandra/topology.js';
import { errorMessage, ValidationError } from '../../common/errors.js';
import { SidecarConfig } from '../../config/sidecar-config.js';
import { type OperationContext, type OperationHandler, OperationHandlerFor } from '../../operations/operation-handler.js';
import { OperationType } from '../../operations/operation-type.js';
import { toPath } from '../../operations/path-fields.js';
import { unlessUnavailable } from '../../operations/prechecks.js';
import { storageEnvOf, storageOptionsOf } from '../../operations/storage-request.js';
import { TransferProgress } from '../../operations/transfer-progress.js';
import { OperationsQueue } from '../../queues/operations-queue.js';
import { createStorageProvider, StorageLocation, type StorageProvider } from '../../storage/index.js';
import { GlobalBackup } from './backup.global.js';
import { BackupRequest } from './backup.request.js';
import { type BackupTarget, resolveBackupTarget } from './backup-target.js';
import { uploadPlanned } from './backup-upload.js';
import { InFlightUploads } from './in-flight-uploads.js';
import { planUploads } from './upload-plan.js';
import { BackupResult } from './backup.result.js';

/**
 * Esop's node backup (§4.6): snapshot, upload what the bucket lacks, manifest last, snapshot always
 * cleared. Resumable: a run interrupted by a restart continues with the same snapshot and name, and
 * uploads only what is missing.
 */
@OperationHandlerFor({ type: OperationType.Backup, request: BackupRequest, result: BackupResult, resumable: true, role: 'operate' })
@Injectable()
export class BackupHandler implements OperationHandler<BackupRequest> {
  private readonly logger = new Logger('backup');
  private readonly registry: SnapshotRegistry;

  constructor(
    @Inject(SidecarConfig) private readonly config: SidecarConfig,
    @Inject(StorageService) private readonly storage: StorageService,
    @Inject(EndpointSnitchInfo) private readonly snitch: EndpointSnitchInfo,
    @Inject(ColumnFamilyStore) private readonly tables: ColumnFamilyStore,
    @Inject(Snapshots) private readonly snapshots: Snapshots,
    @Inject(Topology) private readonly topology: Topology,
    @Inject(InFlightUploads) private readonly inFlight: InFlightUploads,
    @Inject(GlobalBackup) private readonly global: GlobalBackup,
    @Inject(CqlSession) private readonly cql: CqlSession,
    @Inject(ReplicaRanges) private readonly ranges: ReplicaRanges,
    /** Present in a sidecar (its backups resume after a restart), absent under `icarus esop`. */
    @Optional() @Inject(OperationsQueue) private readonly queue?: OperationsQueue,
  ) {
    this.registry = new SnapshotRegistry(backupStateDir(config.server.dataDir));
  }

  async precheck(request: BackupRequest): Promise<void> {
    if (request.globalRequest) return this.global.precheck(request);
    if (request.snapshotTag !== undefined) validateSnapshotTag(request.snapshotTag);
    for (const dir of request.dataDirs ?? []) {
      if (!(await isDirectory(toPath(dir)))) throw ValidationError.forField('dataDirs', `${dir} is not a directory on this node`);
    }
    const entities = parseEntities(request.entities);
    await unlessUnavailable(() => requireEntitiesExist(entities, this.storage, this.tables));
  }

  async run(context: OperationContext<BackupRequest>): Promise<Record<string, unknown>> {
    if (context.request.globalRequest) return this.global.run(context);
    const { request } = context;
    let target = context.restore<BackupTarget>('target');
    if (!target) {
      target = await resolveBackupTarget(request, { storage: this.storage, snitch: this.snitch }, this.config.backup.hashAlgorithm);
      await context.checkpoint('target', target);
    }
    const location = StorageLocation.parse(target.location);
    const provider = createStorageProvider(location, storageOptionsOf(request, target.hashAlgorithm), storageEnvOf(request, this.config.backup));
    let digests: DigestRecord | undefined;
    try {
      await provider.ensureBucket();
      await this.withSnapshot(target, context, async (tables) => {
        // Read right after the snapshot, so the digests describe what it holds (unless writes land meanwhile).
        if (request.recordDigests) digests = await readContentDigests({ cql: this.cql, ranges: this.ranges }, target.name, tables, context.signal);
        const writeManifest = await this.uploadFiles(tables, target, location, provider, context);
        return async () => {
          if (digests) await writeRecord(provider, location, target.name, DIGESTS_FILE, digests);
          await writeManifest();
          if (request.uploadClusterTopology) {
            const topology = await this.topology.get();
            await provider.uploadText(location.bucketKey(topologyObjectKey(target.name)), JSON.stringify(topology, null, 2));
          }
        };
      });
    } finally {
      await provider.close();
    }
    const digestSummary = digests ? { digests: { tables: Object.keys(digests.tables).length, errors: digests.errors } } : {};
    return { snapshotTag: target.name, schemaVersion: target.schemaVersion, storageLocation: target.location, dataDirs: target.dataDirs, ...digestSummary };
  }

  /**
   * Takes the snapshot (unless a resumed run finds it still there), runs `work` on it, and always
   * clears it. What `work` returns is the rest of the backup, which no longer needs the snapshot
   * (the manifest): it runs while the snapshot is cleared.
   */
  private async withSnapshot(
    target: BackupTarget,
    context: OperationContext<BackupRequest>,
    work: (tables: SnapshotTable[]) => Promise<() => Promise<void>>,
  ): Promise<void> {
    await this.registry.register(target.name, context.id, this.queue !== undefined);
    let rest: (() => Promise<void>) | undefined;
    try {
      let tables = context.resumed ? await scanSnapshot(target.dataDirs, target.name) : [];
      if (tables.length === 0) {
        await this.snapshots.take(target.name, target.snapshotEntities, {}, { signal: context.signal });
        tables = await scanSnapshot(target.dataDirs, target.name);
      }
      rest = await work(tables);
    } finally {
      const cleared = this.clearSnapshot(target.name);
      try {
        await rest?.();
      } finally {
        await cleared;
      }
    }
  }

  /** Never throws: a snapshot that cannot be cleared keeps its lease and is swept at the next start. */
  private async clearSnapshot(name: string): Promise<void> {
    try {
      await this.snapshots.clear(name);
      await this.registry.release(name);
    } catch (err) {
      this.logger.warn({ msg: 'could not clear the backup snapshot', snapshot: name, error: errorMessage(err) });
    }
  }

  /** Uploads what the bucket lacks; returns the writing of the manifest, which must come last. */
  private async uploadFiles(
    tables: SnapshotTable[],
    target: BackupTarget,
    location: StorageLocation,
    provider: StorageProvider,
    context: OperationContext<BackupRequest>,
  ): Promise<() => Promise<void>> {
    const { request, signal } = context;
    const stateDir = backupStateDir(this.config.server.dataDir);
    const manifests = await new NodeManifests(provider, location, manifestCacheDir(this.config.server.dataDir)).readAll();
    const hashCache = await HashCache.load(stateDir);
    const algorithm = target.hashAlgorithm;
    const concurrency = request.concurrentConnections;
    const known = KnownObjects.fromManifests(manifests);
    const plannedSince = Date.now();
    const plan = await planUploads(tables, { location, provider, known, hashCache, algorithm, concurrency, signal });
    const progress = new TransferProgress(context, 0);
    const files = await uploadPlanned(plan, { location, provider, inFlight: this.inFlight, owner: context.id, hashCache, algorithm, progress, signal, plannedSince });
    const manifest = buildManifest({
      name: target.name,
      tables: tables.map((t) => ({
        ...t,
        files: files
          .filter((f) => f.table === t)
          .map((f) => ({ sstable: f.component.sstable, objectKey: f.objectKey, size: f.component.size, hash: f.hash })),
      })),
      tokens: target.tokens,
      schemaVersion: target.schemaVersion,
      hashAlgorithm: algorithm,
    });
    return async () => {
      await Promise.all([hashCache.save(), provider.uploadText(location.nodeKey(manifestObjectKey(target.name)), serializeManifest(manifest))]);
      await progress.report(Date.now(), true);
    };
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
