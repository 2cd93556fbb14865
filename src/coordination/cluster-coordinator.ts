import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { throwIfCancelled } from '../common/errors.js';
import { SidecarConfig } from '../config/sidecar-config.js';
import type { OperationContext } from '../operations/operation-handler.js';
import type { OperationError } from '../operations/operation-state.js';
import { CoordinationQueue } from '../queues/coordination-queue.js';
import { ActiveCoordinations } from './active-coordinations.js';
import { type ClusterPeers, ClusterPeerFinder } from './cluster-peers.js';
import { type ClusterPlan, gateJobId, nodeJobId, nodeTimeoutMs, phaseNodes } from './cluster-plan.js';
import { type ClusterView, clusterView, type NodeView, type PhaseView, type RunningNode } from './cluster-view.js';
import { PLAN_CHECKPOINT } from './coordinated-operations.js';
import type { NodeJob } from './node-job.js';
import type { PhaseOutcome } from './outcomes.js';
import { PhaseFlows } from './phase-flows.js';
import type { GateJob } from './phase-gate.js';

const STARTED_CHECKPOINT = 'coordination:started';
const PHASES_CHECKPOINT = 'coordination:phases';
/** How often the operation looks at its phase gate (one Redis read). */
const WATCH_MS = 200;
/**
 * How often the per-node view is refreshed: each refresh reads every node job and rewrites the
 * operation's job data (tens of KB for a large cluster), so not on every look.
 */
const VIEW_MS = 1_000;
/** After DELETE, how long to wait for the node operations to stop before ending CANCELLED anyway. */
const CANCEL_WAIT_MS = 90_000;

/** How a cluster-wide operation ended, and what its JSON shows. */
export interface ClusterOutcome {
  /** Every phase ran and completed on every node. */
  completed: boolean;
  phases: PhaseOutcome[];
  view: { nodes: NodeView[]; phases: PhaseView[] };
}

/**
 * Runs a cluster-wide operation from inside its own operation job: fixes the plan (checkpointed),
 * starts the first phase's flow (checkpointed, so a restarted coordinator re-attaches instead of
 * starting again), then follows the phase gates — which chain the phases themselves — publishing
 * the per-node view, until the last gate reports. Errors of every node land in the operation's
 * errors with their sources. Knows nothing of backups or restores: modules give it a plan.
 */
@Injectable()
export class ClusterCoordinator {
  constructor(
    @Inject(ClusterPeerFinder) private readonly finder: ClusterPeerFinder,
    @Inject(PhaseFlows) private readonly flows: PhaseFlows,
    @Inject(CoordinationQueue) private readonly coordination: CoordinationQueue,
    @Inject(ActiveCoordinations) private readonly active: ActiveCoordinations,
    @Inject(SidecarConfig) private readonly config: SidecarConfig,
  ) {}

  /**
   * The cluster as this node sees it (only DCs of `dc`; unknown DC → 400 naming `dc`) and each
   * node's sidecar; `hostnames` adds reverse DNS names (for a topology file).
   */
  cluster(dc?: string, options: { hostnames?: boolean } = {}): Promise<ClusterPeers> {
    return this.finder.find(dc, options.hostnames);
  }

  /** A request's per-node `timeout` (hours, Icarus' default 5) in ms, capped by --max-node-timeout. */
  nodeTimeoutMs(hours: number | undefined): number {
    return nodeTimeoutMs(hours, this.config.coordination.maxNodeTimeoutMs);
  }

  /** `plan` is called only the first time; a resumed run continues the checkpointed one. */
  run(context: OperationContext<unknown>, plan: () => Promise<ClusterPlan>): Promise<ClusterOutcome> {
    return this.active.track(() => this.coordinate(context, plan));
  }

  private async coordinate(context: OperationContext<unknown>, build: () => Promise<ClusterPlan>): Promise<ClusterOutcome> {
    let plan = context.restore<ClusterPlan>(PLAN_CHECKPOINT);
    if (!plan) {
      plan = await build();
      await context.checkpoint(PLAN_CHECKPOINT, plan);
    }
    const finished = context.restore<PhaseOutcome[]>(PHASES_CHECKPOINT) ?? [];
    if (!context.restore<boolean>(STARTED_CHECKPOINT)) {
      throwIfCancelled(context.signal);
      const refused = await this.flows.start(context.id, plan, 0);
      if (refused.length > 0) return this.finish(context, plan, finished, false, refused);
      await context.checkpoint(STARTED_CHECKPOINT, true);
    }
    let published = '';
    let viewedAt = 0;
    let cancelledAt: number | undefined;
    for (;;) {
      const last = finished.at(-1);
      if (last && last.next === null) break;
      const phase = last ? last.next! : 0;
      const gate = (await this.coordination.queue.getJob(gateJobId(context.id, phase))) as GateJob | undefined;
      if (gate?.finishedOn && gate.returnvalue) {
        for (const e of gate.returnvalue.errors) await context.addError(e.message, e.source);
        finished.push(gate.returnvalue);
        await context.checkpoint(PHASES_CHECKPOINT, finished);
        viewedAt = 0;
        continue;
      }
      if (!gate || gate.finishedOn) {
        const why = gate ? `its gate failed: ${gate.failedReason}` : 'its jobs are gone from Redis';
        return this.finish(context, plan, finished, false, [{ source: hostname(), message: `phase ${plan.phases[phase].name} could not be followed to its end: ${why}` }]);
      }
      if (Date.now() - viewedAt >= VIEW_MS) {
        viewedAt = Date.now();
        published = await this.publish(context, clusterView(plan, finished, await this.running(context.id, plan, phase, gate.timestamp), false), published);
      }
      if (context.signal.aborted && Date.now() - (cancelledAt ??= Date.now()) > CANCEL_WAIT_MS) return this.finish(context, plan, finished, false);
      await sleep(WATCH_MS);
    }
    return this.finish(context, plan, finished, true);
  }

  /**
   * Records `errors`, publishes the final view and, once every phase's outcome is recorded here,
   * deletes the phase jobs. An operation that stopped early always ends with an error saying why.
   */
  private async finish(context: OperationContext<unknown>, plan: ClusterPlan, finished: PhaseOutcome[], recorded: boolean, errors: OperationError[] = []): Promise<ClusterOutcome> {
    const completed = finished.length === plan.phases.length && finished.every((p) => p.state === 'COMPLETED');
    const last = finished.at(-1);
    if (!completed && !context.signal.aborted && errors.length === 0 && finished.every((p) => p.errors.length === 0)) {
      errors.push({ source: hostname(), message: `the cluster-wide operation stopped after phase ${last?.name ?? '-'} (${last?.state ?? 'not started'})` });
    }
    for (const e of errors) await context.addError(e.message, e.source);
    const view = clusterView(plan, finished, undefined, true);
    await this.publish(context, view, '');
    if (recorded) await this.flows.remove(context.id, finished.length);
    return { completed, phases: finished, view: { nodes: view.nodes, phases: view.phases } };
  }

  /** What the node jobs of the running phase know now: an outcome, or the node operation as last polled. */
  private async running(operationId: string, plan: ClusterPlan, phase: number, startedAt: number): Promise<{ phase: number; startedAt: number; nodes: RunningNode[] }> {
    const nodes = await Promise.all(
      phaseNodes(plan, phase).map(async (node): Promise<RunningNode> => {
        const job = (await this.coordination.queue.getJob(nodeJobId(operationId, phase, node))) as NodeJob | undefined;
        if (job?.returnvalue) return job.returnvalue;
        const remoteId = job?.data.remoteId;
        return { node, remoteId, ...(job?.data.seen ?? { state: remoteId ? 'PENDING' : undefined, progress: 0 }) };
      }),
    );
    return { phase, startedAt, nodes };
  }

  private async publish(context: OperationContext<unknown>, view: ClusterView, previous: string): Promise<string> {
    const fields = { nodes: view.nodes, phases: view.phases };
    const text = JSON.stringify([fields, view.progress]);
    if (text === previous) return previous;
    await context.publish(fields);
    const { fraction, bytesTotal, bytesTransferred, etaSeconds } = view.progress;
    await context.progress(fraction, bytesTotal === undefined ? undefined : { bytesTotal, bytesTransferred: bytesTransferred ?? 0, etaSeconds });
    return text;
  }
}
