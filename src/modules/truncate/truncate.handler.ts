import { Inject, Injectable } from '@nestjs/common';
import { SchemaCheck } from '../../cassandra/schema-check.js';
import { StorageService } from '../../cassandra/storage-service.js';
import type { SidecarConfig } from '../../config/sidecar-config.js';
import { type OperationContext, type OperationHandler, OperationHandlerFor } from '../../operations/operation-handler.js';
import { OperationType } from '../../operations/operation-type.js';
import { unlessUnavailable } from '../../operations/prechecks.js';
import { TruncateRequest } from './truncate.request.js';

@OperationHandlerFor({
  type: OperationType.Truncate,
  request: TruncateRequest,
  resumable: true,
  role: 'admin',
  enabled: (config: SidecarConfig) => config.server.enableTruncate,
})
@Injectable()
export class TruncateHandler implements OperationHandler<TruncateRequest> {
  constructor(
    @Inject(StorageService) private readonly storage: StorageService,
    @Inject(SchemaCheck) private readonly schema: SchemaCheck,
  ) {}

  async precheck(request: TruncateRequest): Promise<void> {
    await unlessUnavailable(() => this.schema.requireTables(request.keyspace, [request.table], 'table'));
  }

  async run({ request, signal }: OperationContext<TruncateRequest>): Promise<void> {
    await this.storage.truncate(request.keyspace, request.table, { signal });
  }
}
