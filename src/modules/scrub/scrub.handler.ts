import { Injectable } from '@nestjs/common';
import { OperationHandlerFor } from '../../operations/operation-handler.js';
import { OperationType } from '../../operations/operation-type.js';
import { PerKeyspaceHandler } from '../../operations/per-keyspace-handler.js';
import { ScrubRequest } from './scrub.request.js';

@OperationHandlerFor({ type: OperationType.Scrub, request: ScrubRequest, resumable: true, role: 'operate' })
@Injectable()
export class ScrubHandler extends PerKeyspaceHandler<ScrubRequest> {
  protected runOn(keyspace: string, r: ScrubRequest, signal: AbortSignal): Promise<void> {
    const options = {
      disableSnapshot: r.disableSnapshot,
      skipCorrupted: r.skipCorrupted,
      checkData: !r.noValidate,
      reinsertOverflowedTTL: r.reinsertOverflowedTTL,
      jobs: r.jobs,
    };
    return this.storage.scrub(options, keyspace, r.tables ?? [], { signal });
  }
}
