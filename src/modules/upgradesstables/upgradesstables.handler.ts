import { Injectable } from '@nestjs/common';
import { OperationHandlerFor } from '../../operations/operation-handler.js';
import { OperationType } from '../../operations/operation-type.js';
import { PerKeyspaceHandler } from '../../operations/per-keyspace-handler.js';
import { UpgradeSSTablesRequest } from './upgradesstables.request.js';

@OperationHandlerFor({ type: OperationType.UpgradeSSTables, request: UpgradeSSTablesRequest, resumable: true, role: 'operate' })
@Injectable()
export class UpgradeSSTablesHandler extends PerKeyspaceHandler<UpgradeSSTablesRequest> {
  protected runOn(keyspace: string, r: UpgradeSSTablesRequest, signal: AbortSignal): Promise<void> {
    return this.storage.upgradeSSTables(keyspace, { excludeCurrentVersion: !r.includeAllSStables, jobs: r.jobs }, r.tables ?? [], { signal });
  }
}
