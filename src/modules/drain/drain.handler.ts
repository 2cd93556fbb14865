import { Inject, Injectable } from '@nestjs/common';
import { StorageService } from '../../cassandra/storage-service.js';
import { ConflictError, OperationFailedError } from '../../common/errors.js';
import { type OperationContext, type OperationHandler, OperationHandlerFor, type PrecheckContext } from '../../operations/operation-handler.js';
import { OperationType } from '../../operations/operation-type.js';
import { refuseWhileActive, unlessUnavailable } from '../../operations/prechecks.js';
import { waitForMode } from '../../operations/wait-for-mode.js';
import { DrainRequest } from './drain.request.js';

const DRAIN_WAIT_MS = 10 * 60_000;

/**
 * Drains the node. Idempotent as in Icarus: an already DRAINED node completes at once. A drain
 * while one is under way is refused (409) rather than silently doubled.
 */
@OperationHandlerFor({ type: OperationType.Drain, request: DrainRequest, resumable: true, role: 'admin' })
@Injectable()
export class DrainHandler implements OperationHandler<DrainRequest> {
  constructor(@Inject(StorageService) private readonly storage: StorageService) {}

  async precheck(_request: DrainRequest, { active }: PrecheckContext): Promise<void> {
    refuseWhileActive(active, [OperationType.Drain], 'a drain is already under way');
    await unlessUnavailable(async () => {
      const mode = await this.storage.operationMode();
      if (mode === 'DRAINING') throw new ConflictError('the node is already DRAINING');
      if (mode !== 'NORMAL' && mode !== 'DRAINED') throw new ConflictError(notNormal(mode));
    });
  }

  async run({ signal }: OperationContext<DrainRequest>): Promise<void> {
    const mode = await this.storage.operationMode();
    if (mode === 'DRAINED') return;
    if (mode === 'NORMAL') await this.storage.drain({ signal });
    else if (mode !== 'DRAINING') throw new OperationFailedError(notNormal(mode));
    await waitForMode(this.storage, ['DRAINED'], DRAIN_WAIT_MS, signal, 'drain');
  }
}

function notNormal(mode: string): string {
  return `Cassandra node is not in state NORMAL to drain it. It is in the state "${mode}"`;
}
