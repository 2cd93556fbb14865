import { Inject, Injectable } from '@nestjs/common';
import { parseEntities } from '../../backups/entities.js';
import { requireEntitiesExist } from '../../backups/entities-check.js';
import { ClusterHealth } from '../../cassandra/cluster-health.js';
import { ColumnFamilyStore } from '../../cassandra/column-family-store.js';
import { EndpointSnitchInfo } from '../../cassandra/endpoint-snitch-info.js';
import { StorageService } from '../../cassandra/storage-service.js';
import { ConflictError, ValidationError } from '../../common/errors.js';
import { SidecarConfig } from '../../config/sidecar-config.js';
import { type OperationContext, type OperationHandler, OperationHandlerFor, type PrecheckContext } from '../../operations/operation-handler.js';
import { OperationType } from '../../operations/operation-type.js';
import { toPath } from '../../operations/path-fields.js';
import { unlessUnavailable } from '../../operations/prechecks.js';
import { StorageLocation } from '../../storage/index.js';
import { requireInPlaceNodeDown, runInPlaceRestore } from './in-place-restore.js';
import { runRestorePhase } from './phased-restore.js';
import { checkDownloadDir, checkRename, checkStrategyAndPhase } from './restore-checks.js';
import { GlobalRestore } from './restore.global.js';
import { RestoreRequest } from './restore.request.js';
import { RestoreResult } from './restore.result.js';

/**
 * Esop's restore (§3.5, §4.13): IN_PLACE on a stopped node, or a phase of a HARDLINKS/IMPORT restore
 * on a running one. Requests are checked at the door; resumable, since every phase and IN_PLACE
 * can run again harmlessly (files already downloaded and verified are kept).
 */
@OperationHandlerFor({ type: OperationType.Restore, request: RestoreRequest, result: RestoreResult, resumable: true, role: 'admin' })
@Injectable()
export class RestoreHandler implements OperationHandler<RestoreRequest> {
  constructor(
    @Inject(SidecarConfig) private readonly config: SidecarConfig,
    @Inject(StorageService) private readonly storage: StorageService,
    @Inject(EndpointSnitchInfo) private readonly snitch: EndpointSnitchInfo,
    @Inject(ColumnFamilyStore) private readonly tables: ColumnFamilyStore,
    @Inject(ClusterHealth) private readonly health: ClusterHealth,
    @Inject(GlobalRestore) private readonly global: GlobalRestore,
  ) {}

  async precheck(request: RestoreRequest, { active }: PrecheckContext): Promise<void> {
    checkStrategyAndPhase(request);
    const entities = parseEntities(request.entities);
    checkRename(request.rename, entities);
    if (request.globalRequest) return this.global.precheck(request, { active });
    const other = active.find((o) => o.type === OperationType.Restore && !o.request.globalRequest);
    if (other) throw new ConflictError(`We can not run two normal restoration requests simultaneously: operation ${other.id} is ${other.state.toLowerCase()}`);
    if (request.restorationStrategyType === 'IN_PLACE') {
      if (!StorageLocation.parse(request.storageLocation).complete) {
        // A stopped node cannot say who it is: the location must name it (or, with resolveHostIdFromTopology, its host name).
        throw ValidationError.forField('storageLocation', 'IN_PLACE needs the node in the location: protocol://bucket/cluster/dc/node');
      }
      await requireInPlaceNodeDown(request, this.config, this.storage);
      return;
    }
    await unlessUnavailable(async () => {
      const dataDirs = request.dataDirs?.length ? request.dataDirs.map(toPath) : await this.storage.allDataFileLocations();
      checkDownloadDir(request.import!.sourceDir, dataDirs, request.cassandraDirectory && toPath(request.cassandraDirectory));
      const targets = Object.values(request.rename).map((t) => ({ keyspace: t.split('.')[0], table: t.split('.')[1] }));
      await requireEntitiesExist({ keyspaces: entities.keyspaces, tables: [...entities.tables, ...targets] }, this.storage, this.tables);
    });
  }

  run(context: OperationContext<RestoreRequest>): Promise<Record<string, unknown>> {
    if (context.request.globalRequest) return this.global.run(context);
    if (context.request.restorationStrategyType === 'IN_PLACE') return runInPlaceRestore(context, { config: this.config, storage: this.storage });
    return runRestorePhase(context, { config: this.config, storage: this.storage, snitch: this.snitch, tables: this.tables, health: this.health });
  }
}
