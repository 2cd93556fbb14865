import { Injectable } from '@nestjs/common';
import { OperationHandlerFor } from '../../operations/operation-handler.js';
import { OperationType } from '../../operations/operation-type.js';
import { PerKeyspaceHandler } from '../../operations/per-keyspace-handler.js';
import { FlushRequest } from './flush.request.js';

@OperationHandlerFor({ type: OperationType.Flush, request: FlushRequest, resumable: true, role: 'operate' })
@Injectable()
export class FlushHandler extends PerKeyspaceHandler<FlushRequest> {
  protected runOn(keyspace: string, request: FlushRequest, signal: AbortSignal): Promise<void> {
    return this.storage.forceKeyspaceFlush(keyspace, request.tables ?? [], { signal });
  }
}
