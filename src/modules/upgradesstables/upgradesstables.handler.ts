import { Inject, Injectable } from '@nestjs/common';
import { SchemaCheck } from '../../cassandra/schema-check.js';
import { StorageService } from '../../cassandra/storage-service.js';
import { runPerKeyspace } from '../../operations/keyspace-steps.js';
import { type OperationContext, type OperationHandler, OperationHandlerFor } from '../../operations/operation-handler.js';
import { OperationType } from '../../operations/operation-type.js';
import { requireKeyspaceForTables, unlessUnavailable } from '../../operations/prechecks.js';
import { UpgradeSSTablesRequest } from './upgradesstables.request.js';

@OperationHandlerFor({ type: OperationType.UpgradeSSTables, request: UpgradeSSTablesRequest, resumable: true })
@Injectable()
export class UpgradeSSTablesHandler implements OperationHandler<UpgradeSSTablesRequest> {
  constructor(
    @Inject(StorageService) private readonly storage: StorageService,
    @Inject(SchemaCheck) private readonly schema: SchemaCheck,
  ) {}

  async precheck(request: UpgradeSSTablesRequest): Promise<void> {
    requireKeyspaceForTables(request.keyspace, request.tables);
    if (request.keyspace) await unlessUnavailable(() => this.schema.requireTables(request.keyspace!, request.tables));
  }

  async run(context: OperationContext<UpgradeSSTablesRequest>): Promise<void> {
    const r = context.request;
    const keyspaces = r.keyspace ? [r.keyspace] : await this.storage.nonSystemKeyspaces();
    const options = { excludeCurrentVersion: !r.includeAllSStables, jobs: r.jobs };
    await runPerKeyspace(context, keyspaces, (ks) => this.storage.upgradeSSTables(ks, options, r.tables ?? [], { signal: context.signal }));
  }
}
