import { Inject, Injectable } from '@nestjs/common';
import { SchemaCheck } from '../../cassandra/schema-check.js';
import { StorageService } from '../../cassandra/storage-service.js';
import { type OperationContext, type OperationHandler, OperationHandlerFor } from '../../operations/operation-handler.js';
import { OperationType } from '../../operations/operation-type.js';
import { unlessUnavailable } from '../../operations/prechecks.js';
import { RefreshRequest } from './refresh.request.js';

@OperationHandlerFor({ type: OperationType.Refresh, request: RefreshRequest, resumable: true, role: 'operate' })
@Injectable()
export class RefreshHandler implements OperationHandler<RefreshRequest> {
  constructor(
    @Inject(StorageService) private readonly storage: StorageService,
    @Inject(SchemaCheck) private readonly schema: SchemaCheck,
  ) {}

  async precheck(request: RefreshRequest): Promise<void> {
    await unlessUnavailable(() => this.schema.requireTables(request.keyspace, [request.table], 'table'));
  }

  async run({ request, signal }: OperationContext<RefreshRequest>): Promise<void> {
    await this.storage.loadNewSSTables(request.keyspace, request.table, { signal });
  }
}
