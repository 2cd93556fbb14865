import { Inject, Injectable } from '@nestjs/common';
import { StorageService } from '../../cassandra/storage-service.js';
import { ConflictError, OperationFailedError } from '../../common/errors.js';
import { type OperationContext, type OperationHandler, OperationHandlerFor, type PrecheckContext } from '../../operations/operation-handler.js';
import { OperationType } from '../../operations/operation-type.js';
import { refuseWhileActive, unlessUnavailable } from '../../operations/prechecks.js';
import { waitForMode } from '../../operations/wait-for-mode.js';
import { DecommissionRequest } from './decommission.request.js';

const LEAVE_WAIT_MS = 24 * 60 * 60_000;

/**
 * Decommissions the node. Resumable: after a sidecar restart it follows a decommission already
 * under way (LEAVING) instead of starting a second one.
 */
@OperationHandlerFor({ type: OperationType.Decommission, request: DecommissionRequest, resumable: true, role: 'admin' })
@Injectable()
export class DecommissionHandler implements OperationHandler<DecommissionRequest> {
  constructor(@Inject(StorageService) private readonly storage: StorageService) {}

  async precheck(_request: DecommissionRequest, { active }: PrecheckContext): Promise<void> {
    refuseWhileActive(active, [OperationType.Decommission], 'a decommission is already under way');
    await unlessUnavailable(async () => {
      const mode = await this.storage.operationMode();
      if (mode === 'LEAVING') throw new ConflictError('the node is already LEAVING the ring');
      if (mode === 'DECOMMISSIONED') throw new ConflictError('the node is already DECOMMISSIONED');
      if (mode !== 'NORMAL') throw new ConflictError(`the node must be NORMAL to decommission it; it is ${mode}`);
    });
  }

  async run({ request, signal, resumed }: OperationContext<DecommissionRequest>): Promise<void> {
    const mode = await this.storage.operationMode();
    if (resumed && mode === 'DECOMMISSIONED') return;
    if (!(resumed && mode === 'LEAVING')) {
      if (mode !== 'NORMAL') throw new OperationFailedError(`the node must be NORMAL to decommission it; it is ${mode}`);
      await this.storage.decommission(request.force, { signal });
    }
    const final = await waitForMode(this.storage, ['DECOMMISSIONED', 'DECOMMISSION_FAILED', 'NORMAL'], LEAVE_WAIT_MS, signal, 'decommission');
    if (final !== 'DECOMMISSIONED') throw new OperationFailedError(`decommission did not finish: the node is ${final}`);
  }
}
