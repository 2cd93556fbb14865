import { Inject, Injectable, Module, Optional } from '@nestjs/common';
import { ClusterCoordinator } from '../../src/coordination/cluster-coordinator.js';
import type { ClusterPlan } from '../../src/coordination/cluster-plan.js';
import { ValidationError } from '../../src/common/errors.js';
import { type OperationContext, type OperationHandler, OperationHandlerFor } from '../../src/operations/operation-handler.js';
import { BooleanField, IntField, StringField, TypeField } from '../../src/operations/request-fields.js';
import { ClusterOperationFields } from '../../src/coordination/cluster-fields.schema.js';

/*
 * A cluster-wide operation type that exists only in tests and benchmarks: its phases run
 * `test-sleep` operations on every node, so coordination is exercised without Cassandra's work.
 */

export class TestGlobalRequest {
  @TypeField('test-global') type = 'test-global';
  @BooleanField('coordinate across the cluster') globalRequest = true;
  @IntField('number of phases P1..Pn', { default: 2, min: 1 }) phases = 2;
  @IntField('steps of each node operation', { default: 1, min: 1 }) steps = 1;
  @IntField('milliseconds per step', { default: 10, min: 0 }) stepMs = 10;
  @StringField('addresses (comma-separated) whose node operations take ten times as long') slowNodes?: string;
  @StringField('addresses (comma-separated) whose node operations fail') failNodes?: string;
  @BooleanField('node operations are exclusive test-sleeps (a node refuses a second one with 409)') exclusive = false;
  @StringField('only nodes of these data centers') dc?: string;
  @IntField('per-node timeout in hours', { default: 5 }) timeout = 5;
}

@OperationHandlerFor({ type: 'test-global', request: TestGlobalRequest, result: ClusterOperationFields, resumable: true, role: 'operate' })
@Injectable()
export class TestGlobalHandler implements OperationHandler<TestGlobalRequest> {
  constructor(@Optional() @Inject(ClusterCoordinator) private readonly coordinator?: ClusterCoordinator) {}

  async precheck(request: TestGlobalRequest): Promise<void> {
    await this.require().cluster(request.dc);
  }

  async run(context: OperationContext<TestGlobalRequest>): Promise<Record<string, unknown>> {
    const coordinator = this.require();
    const { request } = context;
    const list = (text?: string) => (text ?? '').split(',').filter(Boolean);
    const outcome = await coordinator.run(context, async (): Promise<ClusterPlan> => {
      const { peers } = await coordinator.cluster(request.dc);
      return {
        nodes: peers.map((target) => ({
          target,
          request: {
            type: 'test-sleep',
            steps: request.steps,
            stepMs: list(request.slowNodes).includes(target.address) ? request.stepMs * 10 : request.stepMs,
            fail: list(request.failNodes).includes(target.address),
            exclusive: request.exclusive,
          },
        })),
        phases: Array.from({ length: request.phases }, (_, i) => ({ name: `P${i + 1}`, fields: { note: `${context.id} P${i + 1}` } })),
        nodeTimeoutMs: coordinator.nodeTimeoutMs(request.timeout),
      };
    });
    return { ...outcome.view };
  }

  private require(): ClusterCoordinator {
    if (!this.coordinator) throw ValidationError.forField('globalRequest', 'needs the server');
    return this.coordinator;
  }
}

@Module({ providers: [TestGlobalHandler] })
export class TestGlobalModule {}
