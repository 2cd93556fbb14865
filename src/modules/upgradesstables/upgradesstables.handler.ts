import { Inject, Injectable } from '@nestjs/common';
import { SchemaCheck } from '../../cassandra/schema-check.js';
import { StorageService } from '../../cassandra/storage-service.js';
import { runPerKeyspace, targetKeyspaces } from '../../operations/keyspace-steps.js';
import { type OperationContext, type OperationHandler, OperationHandlerFor } from '../../operations/operation-handler.js';
import { OperationType } from '../../operations/operation-type.js';
import { checkKeyspaceAndTables } from '../../operations/prechecks.js';
import { UpgradeSSTablesRequest } from './upgradesstables.request.js';

@OperationHandlerFor({ type: OperationType.UpgradeSSTables, request: UpgradeSSTablesRequest, resumable: true })
@Injectable()
export class UpgradeSSTablesHandler implements OperationHandler<UpgradeSSTablesRequest> {
  constructor(
    @Inject(StorageService) private readonly storage: StorageService,
    @Inject(SchemaCheck) private readonly schema: SchemaCheck,
  ) {}

  async precheck(request: UpgradeSSTablesRequest): Promise<void> {
    await checkKeyspaceAndTables(this.schema, request.keyspace, request.tables);
  }

  async run(context: OperationContext<UpgradeSSTablesRequest>): Promise<void> {
    const r = context.request;
    const keyspaces = await targetKeyspaces(this.storage, r.keyspace);
    const options = { excludeCurrentVersion: !r.includeAllSStables, jobs: r.jobs };
    await runPerKeyspace(context, keyspaces, (ks) => this.storage.upgradeSSTables(ks, options, r.tables ?? [], { signal: context.signal }));
  }
}
