import { iso } from '../operations/operation-job.js';
import type { OperationError } from '../operations/operation-state.js';
import { type ClusterPlan, phaseNodes } from './cluster-plan.js';
import { type NodeProgress, type NodeState, type OverallProgress, overallProgress, type PhaseOutcome } from './outcomes.js';

/** One node in the operation JSON: where it is, which phase it is in, and how its operation there goes. */
export interface NodeView {
  node: string;
  hostname: string;
  hostId: string;
  dc: string;
  rack: string;
  phase: string;
  /** The operation on the node's own sidecar (GET <its sidecar>/operations/<id>). */
  operationId?: string;
  state: NodeState;
  progress: number;
  bytesTotal?: number;
  bytesTransferred?: number;
  etaSeconds?: number;
  errors?: OperationError[];
}

export interface PhaseView {
  phase: string;
  state: NodeState | 'SKIPPED';
  nodes: number;
  startTime?: string;
  completionTime?: string;
  /** The slowest node operation's own run time; the rest of the phase's time is coordination. */
  slowestNodeSeconds?: number;
}

/** What the coordinator knows of a node in the running phase. */
export interface RunningNode extends Partial<NodeProgress> {
  node: number;
  remoteId?: string;
}

export interface ClusterView {
  nodes: NodeView[];
  phases: PhaseView[];
  progress: OverallProgress;
}

/**
 * The per-node and per-phase view shown in the global operation's JSON, from the outcomes of the
 * finished phases and what the node jobs of the running one last saw. `ended` marks phases that
 * will never run (after a failure or cancel) as SKIPPED.
 */
export function clusterView(plan: ClusterPlan, finished: PhaseOutcome[], running: { phase: number; startedAt?: number; nodes: RunningNode[] } | undefined, ended: boolean): ClusterView {
  const latest = new Map<number, { phase: string; entry: RunningNode & { errors?: OperationError[] } }>();
  for (const outcome of finished) for (const n of outcome.nodes) latest.set(n.node, { phase: outcome.name, entry: n });
  if (running) for (const n of running.nodes) latest.set(n.node, { phase: plan.phases[running.phase].name, entry: n });
  const nodes = plan.nodes.map(({ target }, i): NodeView => {
    const seen = latest.get(i);
    const e = seen?.entry;
    return {
      node: target.address, hostname: target.hostname, hostId: target.hostId, dc: target.dc, rack: target.rack,
      phase: seen?.phase ?? plan.phases[0].name,
      operationId: e?.remoteId,
      state: e?.state ?? 'PENDING',
      progress: e?.progress ?? 0,
      bytesTotal: e?.bytesTotal, bytesTransferred: e?.bytesTransferred, etaSeconds: e?.etaSeconds,
      errors: e?.errors?.length ? e.errors : undefined,
    };
  });
  const phases = plan.phases.map((p, i): PhaseView => {
    const done = finished.find((o) => o.phase === i);
    const count = phaseNodes(plan, i).length;
    if (done) {
      const slowest = Math.max(0, ...done.nodes.map((n) => n.ownMs ?? 0));
      return { phase: p.name, state: done.state, nodes: count, startTime: iso(done.startedAt), completionTime: iso(done.finishedAt), slowestNodeSeconds: slowest / 1000 };
    }
    if (running?.phase === i) return { phase: p.name, state: 'RUNNING', nodes: count, startTime: running.startedAt ? iso(running.startedAt) : undefined };
    return { phase: p.name, state: ended ? 'SKIPPED' : 'PENDING', nodes: count };
  });
  const progress = overallProgress(plan.phases.length, finished.map((o) => o.nodes), (running?.nodes ?? []).map((n) => ({ ...n, state: n.state ?? 'PENDING', progress: n.progress ?? 0 })));
  return { nodes: nodes.map(dropUndefined), phases: phases.map(dropUndefined), progress };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
