import { Inject, Injectable } from '@nestjs/common';
import { SchemaCheck } from '../../cassandra/schema-check.js';
import { StorageService } from '../../cassandra/storage-service.js';
import { runPerKeyspace } from '../../operations/keyspace-steps.js';
import { type OperationContext, type OperationHandler, OperationHandlerFor } from '../../operations/operation-handler.js';
import { OperationType } from '../../operations/operation-type.js';
import { requireKeyspaceForTables, unlessUnavailable } from '../../operations/prechecks.js';
import { FlushRequest } from './flush.request.js';

@OperationHandlerFor({ type: OperationType.Flush, request: FlushRequest, resumable: true })
@Injectable()
export class FlushHandler implements OperationHandler<FlushRequest> {
  constructor(
    @Inject(StorageService) private readonly storage: StorageService,
    @Inject(SchemaCheck) private readonly schema: SchemaCheck,
  ) {}

  async precheck(request: FlushRequest): Promise<void> {
    requireKeyspaceForTables(request.keyspace, request.tables);
    if (request.keyspace) await unlessUnavailable(() => this.schema.requireTables(request.keyspace!, request.tables));
  }

  async run(context: OperationContext<FlushRequest>): Promise<void> {
    const { keyspace, tables = [] } = context.request;
    const keyspaces = keyspace ? [keyspace] : await this.storage.nonSystemKeyspaces();
    await runPerKeyspace(context, keyspaces, (ks) => this.storage.forceKeyspaceFlush(ks, tables, { signal: context.signal }));
  }
}
