import { Inject, Injectable } from '@nestjs/common';
import type { FlowJob } from 'bullmq';
import type { OperationError } from '../operations/operation-state.js';
import { CoordinationQueue } from '../queues/coordination-queue.js';
import { GATE_JOB_OPTIONS, NODE_JOB_OPTIONS } from '../queues/job-options.js';
import { QueueName } from '../queues/queue-names.js';
import { type ClusterPlan, gateJobId, nodeJobId, phaseNodes, requestFor } from './cluster-plan.js';
import { NodeGuard } from './node-guard.js';

/** Job names on the coordination queue. */
export enum CoordinationJob {
  Gate = 'phase-gate',
  Node = 'node',
}

/** A phase gate's data: which operation and phase it closes. */
export interface GateJobData {
  operationId: string;
  phase: number;
}

/** A node job's data: what to send to which sidecar; it adds what it learns (remote id, last view) as it runs. */
export interface NodeJobData extends GateJobData {
  node: number;
  address: string;
  url: string;
  request: Record<string, unknown>;
  timeoutMs: number;
}

/**
 * Starts a phase as one FlowProducer tree: a gate job waiting for one child job per node. The tree
 * is added atomically with ids derived from the operation, so starting a phase twice is harmless.
 */
@Injectable()
export class PhaseFlows {
  constructor(
    @Inject(CoordinationQueue) private readonly coordination: CoordinationQueue,
    @Inject(NodeGuard) private readonly guard: NodeGuard,
  ) {}

  /**
   * Starts phase `phase` unless it already exists; returns the problems that kept it from starting.
   * Every node of the plan must be up, not only those of this phase: a TRUNCATE on one node while
   * another is down would empty tables the next phase cannot fill again.
   */
  async start(operationId: string, plan: ClusterPlan, phase: number): Promise<OperationError[]> {
    if (await this.coordination.queue.getJob(gateJobId(operationId, phase))) return [];
    const nodes = phaseNodes(plan, phase);
    const problems = await this.guard.problems(plan.nodes.map((n) => n.target));
    if (problems.length > 0) return problems;
    const children: FlowJob[] = nodes.map((node) => {
      const { address, url } = plan.nodes[node].target;
      const data: NodeJobData = { operationId, phase, node, address, url, request: requestFor(plan, phase, node), timeoutMs: plan.nodeTimeoutMs };
      return { name: CoordinationJob.Node, queueName: QueueName.Coordination, data, opts: { ...NODE_JOB_OPTIONS, jobId: nodeJobId(operationId, phase, node) } };
    });
    const gate: GateJobData = { operationId, phase };
    await this.coordination.flows.add({
      name: CoordinationJob.Gate,
      queueName: QueueName.Coordination,
      data: gate,
      opts: { ...GATE_JOB_OPTIONS, jobId: gateJobId(operationId, phase) },
      children,
    });
    return [];
  }

  /** Deletes the jobs of every phase once the operation has recorded their outcomes. */
  async remove(operationId: string, phases: number): Promise<void> {
    for (let phase = 0; phase < phases; phase++) {
      await this.coordination.queue.remove(gateJobId(operationId, phase), { removeChildren: true });
    }
  }
}
