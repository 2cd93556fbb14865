import { Inject, Injectable } from '@nestjs/common';
import { SchemaCheck } from '../../cassandra/schema-check.js';
import { StorageService } from '../../cassandra/storage-service.js';
import { runPerKeyspace, targetKeyspaces } from '../../operations/keyspace-steps.js';
import { type OperationContext, type OperationHandler, OperationHandlerFor } from '../../operations/operation-handler.js';
import { OperationType } from '../../operations/operation-type.js';
import { checkKeyspaceAndTables } from '../../operations/prechecks.js';
import { FlushRequest } from './flush.request.js';

@OperationHandlerFor({ type: OperationType.Flush, request: FlushRequest, resumable: true })
@Injectable()
export class FlushHandler implements OperationHandler<FlushRequest> {
  constructor(
    @Inject(StorageService) private readonly storage: StorageService,
    @Inject(SchemaCheck) private readonly schema: SchemaCheck,
  ) {}

  async precheck(request: FlushRequest): Promise<void> {
    await checkKeyspaceAndTables(this.schema, request.keyspace, request.tables);
  }

  async run(context: OperationContext<FlushRequest>): Promise<void> {
    const { keyspace, tables = [] } = context.request;
    const keyspaces = await targetKeyspaces(this.storage, keyspace);
    await runPerKeyspace(context, keyspaces, (ks) => this.storage.forceKeyspaceFlush(ks, tables, { signal: context.signal }));
  }
}
