import { Inject, Injectable } from '@nestjs/common';
import { keyUsage } from '../../backups/backup-report.js';
import { manifestObjectKey } from '../../backups/bucket-layout.js';
import { NodeManifests, type StoredManifest } from '../../backups/node-manifests.js';
import { resolveNodeLocation } from '../../backups/node-location.js';
import { removalPlan, validateRemovalSelection } from '../../backups/removal-plan.js';
import { EndpointSnitchInfo } from '../../cassandra/endpoint-snitch-info.js';
import { StorageService } from '../../cassandra/storage-service.js';
import { ValidationError } from '../../common/errors.js';
import { SidecarConfig } from '../../config/sidecar-config.js';
import { type OperationContext, type OperationHandler, OperationHandlerFor } from '../../operations/operation-handler.js';
import { OperationType } from '../../operations/operation-type.js';
import { storageEnvOf, storageOptionsOf } from '../../operations/storage-request.js';
import { createStorageProvider, seconds, StorageLocation, type StorageProvider } from '../../storage/index.js';
import { clusterNodeLocations } from './cluster-nodes.js';
import { RemoveBackupRequest } from './remove-backup.request.js';
import { deleteOrphanedTopologies } from './topology-cleanup.js';
import { RemoveBackupResult } from './remove-backup.result.js';

/** What was (or, with `dry`, would be) removed from one node. */
interface NodeRemoval {
  node: string;
  backups: string[];
  objects: number;
}

/**
 * Removes backups (§4.16). Per node: the data objects no remaining manifest references, then the
 * manifests, then the topology files of backups no node holds any more. Resumable: the chosen backups are
 * checkpointed, so a resumed `removeOldest` does not pick the next oldest, and deletes of absent
 * objects are no-ops.
 */
@OperationHandlerFor({ type: OperationType.RemoveBackup, request: RemoveBackupRequest, result: RemoveBackupResult, resumable: true, role: 'admin' })
@Injectable()
export class RemoveBackupHandler implements OperationHandler<RemoveBackupRequest> {
  constructor(
    @Inject(SidecarConfig) private readonly config: SidecarConfig,
    @Inject(StorageService) private readonly storage: StorageService,
    @Inject(EndpointSnitchInfo) private readonly snitch: EndpointSnitchInfo,
  ) {}

  async precheck(request: RemoveBackupRequest): Promise<void> {
    validateRemovalSelection(selectionOf(request));
    if (!request.resolveNodes && !request.globalRequest && !StorageLocation.parse(request.storageLocation).complete) {
      throw ValidationError.forField('storageLocation', 'You have to specify full path to a node, or resolveNodes or globalRequest');
    }
  }

  async run(context: OperationContext<RemoveBackupRequest>): Promise<Record<string, unknown>> {
    const { request } = context;
    const now = context.restore<number>('startedAt') ?? Date.now();
    await context.checkpoint('startedAt', now);
    let location = StorageLocation.parse(request.storageLocation);
    if (!location.complete) location = await resolveNodeLocation(location, this.storage, this.snitch);
    const provider = createStorageProvider(location, storageOptionsOf(request, this.config.backup.hashAlgorithm), storageEnvOf(request, this.config.backup));
    try {
      await provider.ensureBucket();
      const nodes = request.globalRequest ? await clusterNodeLocations(provider, location, request.dcs ?? []) : [location];
      const removals: NodeRemoval[] = [];
      for (const [i, node] of nodes.entries()) {
        removals.push(await this.removeFromNode(node, provider, context, now));
        await context.progress((i + 1) / nodes.length);
      }
      const removed = [...new Set(removals.flatMap((r) => r.backups))];
      const topologies = request.dry ? [] : await deleteOrphanedTopologies(provider, location, removed);
      context.output(describe(removals, request.dry));
      return { removedBackups: removed, deletedObjects: removals.reduce((sum, r) => sum + r.objects, 0), deletedTopologies: topologies };
    } finally {
      await provider.close();
    }
  }

  private async removeFromNode(node: StorageLocation, provider: StorageProvider, context: OperationContext<RemoveBackupRequest>, now: number): Promise<NodeRemoval> {
    const manifests = new NodeManifests(provider, node, null);
    const all = await manifests.readAll();
    const checkpoint = `selected:${node.nodePath}`;
    let chosen = context.restore<string[]>(checkpoint);
    if (!chosen) {
      chosen = removalPlan(all, selectionOf(context.request), now).remove;
      await context.checkpoint(checkpoint, chosen);
    }
    const deleteKeys = unreferencedKeys(all, new Set(chosen));
    if (!context.request.dry) {
      await provider.delete(deleteKeys.map((key) => node.nodeKey(key)));
      const present = new Set(all.map((m) => m.name));
      await provider.delete(chosen.filter((name) => present.has(name)).map((name) => node.nodeKey(manifestObjectKey(name))));
      for (const name of chosen) await manifests.forget(name);
    }
    return { node: node.nodePath, backups: chosen, objects: deleteKeys.length };
  }
}

function selectionOf(request: RemoveBackupRequest) {
  return { backupName: request.backupName, removeOldest: request.removeOldest, olderThanMs: request.olderThan ? seconds(request.olderThan) * 1000 : 0 };
}

/** Keys of the chosen manifests that no other manifest of the node references. */
function unreferencedKeys(all: StoredManifest[], chosen: Set<string>): string[] {
  const kept = keyUsage(all.filter((m) => !chosen.has(m.name)));
  return [...keyUsage(all.filter((m) => chosen.has(m.name))).keys()].filter((key) => !kept.has(key));
}

function describe(removals: NodeRemoval[], dry: boolean): string {
  const verb = dry ? 'would remove' : 'removed';
  return removals
    .map((r) => `${r.node}: ${verb} ${r.backups.length ? r.backups.join(', ') : 'no backup'} (${r.objects} objects no other backup uses)`)
    .join('\n');
}
