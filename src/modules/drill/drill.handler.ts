import { Inject, Injectable } from '@nestjs/common';
import { parseEntities } from '../../backups/entities.js';
import { ConflictError } from '../../common/errors.js';
import { type OperationContext, type OperationHandler, OperationHandlerFor, type PrecheckContext } from '../../operations/operation-handler.js';
import { OperationType } from '../../operations/operation-type.js';
import { GlobalDrill } from './drill.global.js';
import { DrillRequest } from './drill.request.js';
import { DrillResult } from './drill.result.js';
import { NodeDrill } from './node-drill.js';

/**
 * Restore drill (issue 18): is this backup restorable today, and how long does it take? Resumable:
 * a drill interrupted by a restart cleans up what it left and runs again.
 */
@OperationHandlerFor({ type: OperationType.Drill, request: DrillRequest, result: DrillResult, resumable: true, role: 'operate' })
@Injectable()
export class DrillHandler implements OperationHandler<DrillRequest> {
  constructor(
    @Inject(NodeDrill) private readonly node: NodeDrill,
    @Inject(GlobalDrill) private readonly global: GlobalDrill,
  ) {}

  async precheck(request: DrillRequest, context: PrecheckContext): Promise<void> {
    parseEntities(request.entities);
    const drills = context.active.filter((o) => o.type === OperationType.Drill);
    // Only a cluster-wide drill and a node part (of it) may run side by side: the coordinator's own node takes part.
    const mine = kindOf(request as unknown as Record<string, unknown>);
    const clash = drills.find((o) => new Set([mine, kindOf(o.request)]).size === 1 || mine === 'node' || kindOf(o.request) === 'node');
    if (clash) throw new ConflictError(`a drill is running on this node already (operation ${clash.id}); drills run one at a time`);
    if (request.globalRequest) await this.global.precheck(request);
  }

  run(context: OperationContext<DrillRequest>): Promise<Record<string, unknown>> {
    return context.request.globalRequest ? this.global.run(context) : this.node.run(context);
  }
}

function kindOf(request: Record<string, unknown>): 'part' | 'global' | 'node' {
  return request.scratchReady === true ? 'part' : request.globalRequest === true ? 'global' : 'node';
}
