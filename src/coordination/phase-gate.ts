import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { type ClusterPlan, nodeIndexOf, phaseNodes } from './cluster-plan.js';
import { CoordinatedOperations } from './coordinated-operations.js';
import { failureOf, type NodeOutcome, type PhaseOutcome, phaseState } from './outcomes.js';
import { type GateJobData, PhaseFlows } from './phase-flows.js';

export type GateJob = Job<GateJobData, PhaseOutcome>;

/**
 * Runs when every node job of a phase is done (BullMQ moves the gate out of waiting-children):
 * collects the nodes' outcomes, merges their errors (each keeps its source) and starts the next
 * phase — unless a node failed, the operation was cancelled or has ended, this was the last phase,
 * or a node of the next phase is down.
 */
@Injectable()
export class PhaseGate {
  constructor(
    @Inject(CoordinatedOperations) private readonly operations: CoordinatedOperations,
    @Inject(PhaseFlows) private readonly flows: PhaseFlows,
  ) {}

  async run(job: GateJob): Promise<PhaseOutcome> {
    const { operationId, phase } = job.data;
    const plan = await this.operations.plan(operationId);
    const nodes = plan ? await this.nodeOutcomes(job, plan) : [];
    const stopped = !plan || (await this.operations.cancelRequested(operationId)) || !(await this.operations.active(operationId));
    const state = phaseState(nodes, stopped);
    const outcome: PhaseOutcome = {
      phase,
      name: plan?.phases[phase].name ?? `phase ${phase}`,
      state,
      nodes,
      errors: nodes.flatMap((n) => n.errors),
      startedAt: job.timestamp,
      finishedAt: Date.now(),
      next: null,
    };
    if (state !== 'COMPLETED' || !plan || phase + 1 >= plan.phases.length) return outcome;
    const refused = await this.flows.start(operationId, plan, phase + 1);
    return refused.length > 0 ? { ...outcome, errors: [...outcome.errors, ...refused] } : { ...outcome, next: phase + 1 };
  }

  /** Every node's outcome in plan order; a node job that failed in BullMQ (it should not) becomes an error naming the node. */
  private async nodeOutcomes(job: GateJob, plan: ClusterPlan): Promise<NodeOutcome[]> {
    const values = await job.getChildrenValues<NodeOutcome>();
    const failures = await job.getIgnoredChildrenFailures();
    const byNode = new Map<number, NodeOutcome>();
    for (const value of Object.values(values)) byNode.set(value.node, value);
    for (const [key, reason] of Object.entries(failures)) {
      const node = nodeIndexOf(key);
      if (node !== undefined && !byNode.has(node)) {
        byNode.set(node, failureOf(node, plan.nodes[node].target.address, `the coordinator could not follow this node: ${reason}`));
      }
    }
    return phaseNodes(plan, job.data.phase).map(
      (n) => byNode.get(n) ?? failureOf(n, plan.nodes[n].target.address, 'the coordinator lost track of this node (its job is missing)'),
    );
  }
}
