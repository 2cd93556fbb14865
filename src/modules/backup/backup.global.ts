import { Inject, Injectable, Optional } from '@nestjs/common';
import { topologyObjectKey } from '../../backups/bucket-layout.js';
import { parseEntities } from '../../backups/entities.js';
import { requireEntitiesExist } from '../../backups/entities-check.js';
import { defaultSnapshotTag, resolveSnapshotTag, validateSnapshotTag } from '../../backups/manifest-names.js';
import { ColumnFamilyStore } from '../../cassandra/column-family-store.js';
import { StorageService } from '../../cassandra/storage-service.js';
import type { ClusterTopology } from '../../cassandra/topology.js';
import { ValidationError } from '../../common/errors.js';
import { SidecarConfig } from '../../config/sidecar-config.js';
import { ClusterCoordinator } from '../../coordination/cluster-coordinator.js';
import type { PeerTarget } from '../../coordination/cluster-plan.js';
import type { OperationContext } from '../../operations/operation-handler.js';
import { unlessUnavailable } from '../../operations/prechecks.js';
import { storageEnvOf, storageOptionsOf } from '../../operations/storage-request.js';
import { createStorageProvider, StorageLocation } from '../../storage/index.js';
import type { BackupRequest } from './backup.request.js';

/** Fixed on the first run and checkpointed: every node's backup gets this one name. */
interface GlobalBackupTarget {
  name: string;
  topology: ClusterTopology;
  peers: PeerTarget[];
}

/** `<tag>-<uuid>-<13 digits>` must fit the 200 characters a node accepts as snapshotTag. */
const MAX_GLOBAL_TAG = 200 - 51;

/**
 * Cluster-wide backup (Icarus §3.2): one name `<tag>-<schemaVersion>-<timestamp>` for all nodes,
 * the bucket checked once here, one phase in which every node's sidecar backs its node up to
 * `<bucket>/<cluster>/<dc>/<hostId>`, then the topology file `topology/<name>.json`.
 */
@Injectable()
export class GlobalBackup {
  constructor(
    @Inject(SidecarConfig) private readonly config: SidecarConfig,
    @Inject(StorageService) private readonly storage: StorageService,
    @Inject(ColumnFamilyStore) private readonly tables: ColumnFamilyStore,
    @Optional() @Inject(ClusterCoordinator) private readonly coordinator?: ClusterCoordinator,
  ) {}

  async precheck(request: BackupRequest): Promise<void> {
    const coordinator = this.requireCoordinator();
    if (request.snapshotTag !== undefined) validateSnapshotTag(request.snapshotTag);
    if ((request.snapshotTag?.length ?? 0) > MAX_GLOBAL_TAG) throw ValidationError.forField('snapshotTag', `must be at most ${MAX_GLOBAL_TAG} characters for a cluster-wide backup`);
    await unlessUnavailable(async () => {
      await requireEntitiesExist(parseEntities(request.entities), this.storage, this.tables);
      await coordinator.cluster(request.dc);
    });
  }

  async run(context: OperationContext<BackupRequest>): Promise<Record<string, unknown>> {
    const coordinator = this.requireCoordinator();
    const { request } = context;
    let target = context.restore<GlobalBackupTarget>('global');
    if (!target) {
      const { topology, peers } = await coordinator.cluster(request.dc, { hostnames: true });
      const name = resolveSnapshotTag(request.snapshotTag ?? defaultSnapshotTag(topology.timestamp), topology.schemaVersion, topology.timestamp);
      target = { name, topology, peers };
      await this.withProvider(request, target, (provider) => provider.ensureBucket());
      await context.checkpoint('global', target);
    }
    const fixed = target;
    const outcome = await coordinator.run(context, async () => ({
      nodes: fixed.peers.map((peer) => ({ target: peer, request: nodeRequest(request, fixed, peer) })),
      phases: [{ name: 'BACKUP' }],
      nodeTimeoutMs: coordinator.nodeTimeoutMs(request.timeout),
    }));
    if (outcome.completed) {
      await this.withProvider(request, fixed, (provider, location) =>
        provider.uploadText(location.bucketKey(topologyObjectKey(fixed.name)), JSON.stringify(fixed.topology, null, 2)),
      );
    }
    return { snapshotTag: fixed.name, schemaVersion: fixed.topology.schemaVersion, ...outcome.view };
  }

  private requireCoordinator(): ClusterCoordinator {
    if (!this.coordinator) throw ValidationError.forField('globalRequest', 'cluster-wide backups are run by a sidecar (icarus icarus), not by a one-shot command');
    return this.coordinator;
  }

  /** A provider on the first node's location: the bucket is the same for all. */
  private async withProvider(request: BackupRequest, target: GlobalBackupTarget, use: (provider: ReturnType<typeof createStorageProvider>, location: StorageLocation) => Promise<unknown>): Promise<void> {
    const location = nodeLocation(request, target, target.peers[0]);
    const provider = createStorageProvider(location, storageOptionsOf(request, request.hashAlgorithm ?? this.config.backup.hashAlgorithm), storageEnvOf(request, this.config.backup));
    try {
      await use(provider, location);
    } finally {
      await provider.close();
    }
  }
}

function nodeLocation(request: BackupRequest, target: GlobalBackupTarget, peer: PeerTarget): StorageLocation {
  return StorageLocation.parse(request.storageLocation).update(target.topology.clusterName, peer.dc, peer.hostId);
}

/**
 * A node's part: the request with the node's location and the shared name; no data directories
 * (each node asks its Cassandra), no bucket check and no topology file (the coordinator does both).
 */
function nodeRequest(request: BackupRequest, target: GlobalBackupTarget, peer: PeerTarget): Record<string, unknown> {
  const { dataDirs: _dataDirs, dc: _dc, ...rest } = request;
  return {
    ...rest,
    globalRequest: false,
    skipBucketVerification: true,
    uploadClusterTopology: false,
    snapshotTag: target.name,
    storageLocation: nodeLocation(request, target, peer).rawLocation,
  };
}
