import { Injectable } from '@nestjs/common';
import { OperationHandlerFor } from '../../operations/operation-handler.js';
import { OperationType } from '../../operations/operation-type.js';
import { PerKeyspaceHandler } from '../../operations/per-keyspace-handler.js';
import { CleanupRequest } from './cleanup.request.js';

@OperationHandlerFor({ type: OperationType.Cleanup, request: CleanupRequest, resumable: true, role: 'operate' })
@Injectable()
export class CleanupHandler extends PerKeyspaceHandler<CleanupRequest> {
  protected runOn(keyspace: string, request: CleanupRequest, signal: AbortSignal): Promise<void> {
    return this.storage.forceKeyspaceCleanup(request.jobs, keyspace, request.tables ?? [], { signal });
  }
}
