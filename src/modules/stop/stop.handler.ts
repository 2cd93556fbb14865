import { Inject, Injectable } from '@nestjs/common';
import { OperationFailedError, throwIfCancelled } from '../../common/errors.js';
import { type OperationContext, type OperationHandler, OperationHandlerFor, type PrecheckContext } from '../../operations/operation-handler.js';
import { OperationState } from '../../operations/operation-state.js';
import { OperationType } from '../../operations/operation-type.js';
import { OperationsService } from '../../operations/operations.service.js';
import { refuseWhileActive } from '../../operations/prechecks.js';
import { SidecarShutdown } from '../../operations/sidecar-shutdown.js';
import { StopRequest } from './stop.request.js';

const WAIT_MS = 5 * 60_000;
const POLL_MS = 1_000;

/**
 * Waits until no other operation is PENDING or RUNNING (up to 5 min), completes, then stops the
 * sidecar. Unlike Icarus, finished operations that have not expired yet do not hold it back.
 */
@OperationHandlerFor({ type: OperationType.Stop, request: StopRequest, resumable: false, role: 'admin' })
@Injectable()
export class StopHandler implements OperationHandler<StopRequest> {
  constructor(
    @Inject(OperationsService) private readonly operations: OperationsService,
    @Inject(SidecarShutdown) private readonly shutdown: SidecarShutdown,
  ) {}

  async precheck(_request: StopRequest, { active }: PrecheckContext): Promise<void> {
    refuseWhileActive(active, [OperationType.Stop], 'the sidecar is already stopping');
  }

  async run({ id, signal }: OperationContext<StopRequest>): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const others = await this.operations.list({ states: [OperationState.Pending, OperationState.Running] });
      const blocking = others.filter((o) => o.id !== id);
      if (blocking.length === 0) break;
      if (Date.now() > deadline) {
        throw new OperationFailedError(`other operations are still pending or running: ${blocking.map((o) => o.id).join(', ')}`);
      }
      throwIfCancelled(signal);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    this.shutdown.afterFinished(id);
  }
}
