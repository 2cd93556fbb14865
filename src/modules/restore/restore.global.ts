import { join } from 'node:path';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { parseEntities } from '../../backups/entities.js';
import { requireEntitiesExist } from '../../backups/entities-check.js';
import { NodeManifests } from '../../backups/node-manifests.js';
import { ColumnFamilyStore } from '../../cassandra/column-family-store.js';
import { StorageService } from '../../cassandra/storage-service.js';
import { ConflictError, OperationFailedError, ValidationError } from '../../common/errors.js';
import { SidecarConfig } from '../../config/sidecar-config.js';
import { ClusterCoordinator } from '../../coordination/cluster-coordinator.js';
import type { PeerTarget, PlannedPhase } from '../../coordination/cluster-plan.js';
import type { OperationContext, PrecheckContext } from '../../operations/operation-handler.js';
import { OperationType } from '../../operations/operation-type.js';
import { unlessUnavailable } from '../../operations/prechecks.js';
import { storageEnvOf, storageOptionsOf } from '../../operations/storage-request.js';
import { createStorageProvider, StorageLocation, type StorageProvider } from '../../storage/index.js';
import { chooseBackup } from './restore-source.js';
import { PHASES, type RestoreRequest } from './restore.request.js';

/** TRUNCATE runs on one node (a CQL truncate is cluster-wide): the first node of the plan, by address. */
const TRUNCATING_NODE = 0;
/** Checkpoint of the backup name the coordinator resolved (the plan's node requests carry it too). */
const BACKUP_NAME = 'restore:manifestName';

/**
 * Cluster-wide HARDLINKS/IMPORT restore (Icarus §3.3): INIT, DOWNLOAD, TRUNCATE (one node), IMPORT
 * and CLEANUP, each on every node before the next starts, stopping at the first phase that fails —
 * so a failed download truncates nothing. With `singlePhase`, only `restorationPhase`, on every node.
 * The coordinator resolves the tag to one backup name before INIT and every node restores exactly
 * that one (a node lacking it fails INIT), so nodes never restore backups of different dates.
 */
@Injectable()
export class GlobalRestore {
  constructor(
    @Inject(SidecarConfig) private readonly config: SidecarConfig,
    @Inject(StorageService) private readonly storage: StorageService,
    @Inject(ColumnFamilyStore) private readonly tables: ColumnFamilyStore,
    @Optional() @Inject(ClusterCoordinator) private readonly coordinator?: ClusterCoordinator,
  ) {}

  async precheck(request: RestoreRequest, { active }: PrecheckContext): Promise<void> {
    const coordinator = this.requireCoordinator();
    if (request.restorationStrategyType === 'IN_PLACE') {
      throw ValidationError.forField('restorationStrategyType', 'cluster-wide restores are HARDLINKS or IMPORT; IN_PLACE restores stopped nodes one by one');
    }
    // Icarus 3 starts a whole cluster-wide restore with INIT; Icarus 2 started it with DOWNLOAD, and the
    // Go client CassKop uses still sends (and documents) that. Both run every phase from INIT.
    if (!request.singlePhase && request.restorationPhase !== 'INIT' && request.restorationPhase !== 'DOWNLOAD') {
      throw ValidationError.forField('restorationPhase', 'If global request is true and singlePhase is false, restorationPhase has to be INIT (or DOWNLOAD, as Icarus 2 clients send it)');
    }
    refuseTruncatingDc(request);
    const other = active.find((o) => o.type === OperationType.Restore);
    if (other) {
      const kind = other.request.globalRequest ? 'a cluster-wide restore' : 'a restore of this node';
      throw new ConflictError(`There is more than one running restoration operation: ${kind}, operation ${other.id}, is ${other.state.toLowerCase()}`);
    }
    await unlessUnavailable(async () => {
      const targets = Object.values(request.rename).map((t) => ({ keyspace: t.split('.')[0], table: t.split('.')[1] }));
      const entities = parseEntities(request.entities);
      await requireEntitiesExist({ keyspaces: entities.keyspaces, tables: [...entities.tables, ...targets] }, this.storage, this.tables);
      await coordinator.cluster(request.dc);
    });
  }

  async run(context: OperationContext<RestoreRequest>): Promise<Record<string, unknown>> {
    const coordinator = this.requireCoordinator();
    const { request } = context;
    const outcome = await coordinator.run(context, async () => {
      const { topology, peers } = await coordinator.cluster(request.dc);
      const locations = peers.map((peer) => nodeLocation(request, topology.clusterName, peer));
      const name = await this.withProvider(request, locations[0], async (provider) => {
        await provider.ensureBucket();
        return this.backupName(request, provider, locations);
      });
      await context.checkpoint(BACKUP_NAME, name);
      return {
        nodes: peers.map((peer) => ({ target: peer, request: nodeRequest({ ...request, snapshotTag: name }, topology.clusterName, peer) })),
        phases: phasesOf(request),
        nodeTimeoutMs: coordinator.nodeTimeoutMs(request.timeout),
      };
    });
    return { ...outcome.view, manifestName: context.restore<string>(BACKUP_NAME) };
  }

  private requireCoordinator(): ClusterCoordinator {
    if (!this.coordinator) throw ValidationError.forField('globalRequest', 'cluster-wide restores are run by a sidecar (icarus icarus), not by a one-shot command');
    return this.coordinator;
  }

  /** The bucket is checked once, here, so the nodes need not (they get skipBucketVerification). */
  private async withProvider<T>(request: RestoreRequest, location: StorageLocation, work: (provider: StorageProvider) => Promise<T>): Promise<T> {
    const provider = createStorageProvider(location, storageOptionsOf(request, request.hashAlgorithm ?? this.config.backup.hashAlgorithm), storageEnvOf(request, this.config.backup));
    try {
      return await work(provider);
    } finally {
      await provider.close();
    }
  }

  /**
   * The one full name every node restores: the latest backup of the tag that any node of the
   * restore has (by the rule node restores use), of the cluster's schema version with exactSchemaVersion.
   */
  private async backupName(request: RestoreRequest, provider: StorageProvider, locations: StorageLocation[]): Promise<string> {
    const names = new Set<string>();
    for (const location of locations) for (const name of await new NodeManifests(provider, location, null).names()) names.add(name);
    const schemaVersion = request.exactSchemaVersion ? (request.schemaVersion ?? (await this.storage.schemaVersion())) : undefined;
    const chosen = chooseBackup([...names], { tag: request.snapshotTag, schemaVersion });
    if ('problem' in chosen) throw new OperationFailedError(`${chosen.problem} on any of the ${locations.length} nodes restored`);
    return chosen.name;
  }
}

/**
 * A CQL truncate empties a table in every data center, so a restore limited to some DCs that
 * truncates would leave the others empty: refused, naming both fields.
 */
function refuseTruncatingDc(request: RestoreRequest): void {
  if (!request.dc) return;
  const other = request.singlePhase ? (request.restorationPhase === 'TRUNCATE' ? 'restorationPhase' : null) : 'restorationStrategyType';
  if (!other) return;
  const why = 'a cluster-wide restore limited to some data centers cannot truncate (a truncate empties the tables in every data center, and only those DCs would be restored)';
  throw new ValidationError(`dc: ${why}`, [
    { field: 'dc', problem: `${why}; restore every DC, or run its non-truncating phases with singlePhase` },
    { field: other, problem: other === 'restorationPhase' ? `TRUNCATE cannot be limited with dc: ${why}` : `${request.restorationStrategyType} restores every phase from INIT, TRUNCATE included, which dc cannot limit` },
  ]);
}

function phasesOf(request: RestoreRequest): PlannedPhase[] {
  if (request.singlePhase) return [{ name: request.restorationPhase!, fields: { restorationPhase: request.restorationPhase } }];
  return PHASES.map((phase) => ({ name: phase, fields: { restorationPhase: phase }, nodes: phase === 'TRUNCATE' ? [TRUNCATING_NODE] : undefined }));
}

function nodeLocation(request: RestoreRequest, cluster: string, peer: PeerTarget): StorageLocation {
  return StorageLocation.parse(request.storageLocation).update(cluster, peer.dc, peer.hostId);
}

/**
 * A node's part: its own location, and its own download directory `<sourceDir>/<hostId>`, so nodes
 * sharing a filesystem (NFS, the test bed) never download into, verify or clean up each other's
 * files. No data or Cassandra directories: each node asks its own Cassandra.
 */
function nodeRequest(request: RestoreRequest, cluster: string, peer: PeerTarget): Record<string, unknown> {
  const { dataDirs: _dataDirs, cassandraDirectory: _cassandraDirectory, dc: _dc, ...rest } = request;
  return {
    ...rest,
    globalRequest: false,
    singlePhase: false,
    skipBucketVerification: true,
    storageLocation: nodeLocation(request, cluster, peer).rawLocation,
    import: { ...request.import, sourceDir: join(request.import!.sourceDir, peer.hostId) },
  };
}
