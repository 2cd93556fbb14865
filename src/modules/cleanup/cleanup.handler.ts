import { Inject, Injectable } from '@nestjs/common';
import { SchemaCheck } from '../../cassandra/schema-check.js';
import { StorageService } from '../../cassandra/storage-service.js';
import { runPerKeyspace, targetKeyspaces } from '../../operations/keyspace-steps.js';
import { type OperationContext, type OperationHandler, OperationHandlerFor } from '../../operations/operation-handler.js';
import { OperationType } from '../../operations/operation-type.js';
import { checkKeyspaceAndTables } from '../../operations/prechecks.js';
import { CleanupRequest } from './cleanup.request.js';

@OperationHandlerFor({ type: OperationType.Cleanup, request: CleanupRequest, resumable: true })
@Injectable()
export class CleanupHandler implements OperationHandler<CleanupRequest> {
  constructor(
    @Inject(StorageService) private readonly storage: StorageService,
    @Inject(SchemaCheck) private readonly schema: SchemaCheck,
  ) {}

  async precheck(request: CleanupRequest): Promise<void> {
    await checkKeyspaceAndTables(this.schema, request.keyspace, request.tables);
  }

  async run(context: OperationContext<CleanupRequest>): Promise<void> {
    const { keyspace, tables = [], jobs } = context.request;
    const keyspaces = await targetKeyspaces(this.storage, keyspace);
    await runPerKeyspace(context, keyspaces, (ks) => this.storage.forceKeyspaceCleanup(jobs, ks, tables, { signal: context.signal }));
  }
}
