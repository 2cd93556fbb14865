import type { OperationError } from '../operations/operation-state.js';
import type { RemoteOperation } from './peer-client.js';

export type NodeState = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
export const TERMINAL: ReadonlySet<string> = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

/** What the coordinator last saw of one node's operation. */
export interface NodeProgress {
  state: NodeState;
  progress: number;
  bytesTotal?: number;
  bytesTransferred?: number;
  etaSeconds?: number;
}

/** How one node's part of a phase ended; a node job's return value. */
export interface NodeOutcome extends NodeProgress {
  node: number;
  /** The operation on the node's sidecar, if one was started. */
  remoteId?: string;
  /** The node operation's errors (their `source` kept) or the coordinator's, with the node's address as source. */
  errors: OperationError[];
  /** The node operation's own run time (its startTime → completionTime), ms. */
  ownMs?: number;
}

/** How a phase ended on all its nodes; a phase gate's return value. */
export interface PhaseOutcome {
  phase: number;
  name: string;
  state: 'COMPLETED' | 'FAILED' | 'CANCELLED';
  nodes: NodeOutcome[];
  /** Every node's errors, then those that kept the next phase from starting. */
  errors: OperationError[];
  /** When the phase's jobs were added, and when its gate ran (epoch ms). */
  startedAt: number;
  finishedAt: number;
  /** The phase started next, or null when this was the last one to run. */
  next: number | null;
}

export function progressOf(remote: RemoteOperation): NodeProgress {
  return {
    state: remote.state,
    progress: TERMINAL.has(remote.state) ? 1 : (remote.progress ?? 0),
    bytesTotal: remote.bytesTotal,
    bytesTransferred: remote.bytesTransferred,
    etaSeconds: remote.etaSeconds,
  };
}

/** A finished node operation as an outcome; a FAILED one without errors still gets one naming the node. */
export function outcomeOf(node: number, address: string, remote: RemoteOperation): NodeOutcome {
  const errors = [...(remote.errors ?? [])];
  if (remote.state === 'FAILED' && errors.length === 0) errors.push({ source: address, message: `operation ${remote.id} on ${address} ended FAILED` });
  const own = remote.startTime && remote.completionTime ? Date.parse(remote.completionTime) - Date.parse(remote.startTime) : undefined;
  return { node, remoteId: remote.id, ...progressOf(remote), errors, ownMs: own };
}

/** The coordinator could not run or follow the node's operation (refused, unreachable, timed out). */
export function failureOf(node: number, address: string, message: string, remoteId?: string): NodeOutcome {
  return { node, remoteId, state: 'FAILED', progress: 1, errors: [{ source: address, message }] };
}

export function phaseState(nodes: NodeOutcome[], cancelled: boolean): PhaseOutcome['state'] {
  if (nodes.some((n) => n.state === 'FAILED')) return 'FAILED';
  return cancelled || nodes.some((n) => n.state === 'CANCELLED') ? 'CANCELLED' : 'COMPLETED';
}

/**
 * Progress of the whole operation: finished phases count one each; within the running phase, nodes
 * weigh by the bytes they move (when they report bytes), so a node with most of the data dominates.
 * Bytes add up over all phases. The ETA is the slowest node's: the phase ends when its last node does.
 */
export function overallProgress(phaseCount: number, finished: NodeProgress[][], running: NodeProgress[]): OverallProgress {
  const bytes = (nodes: NodeProgress[]) => {
    const moving = nodes.filter((n) => typeof n.bytesTotal === 'number');
    const total = moving.reduce((sum, n) => sum + (n.bytesTotal ?? 0), 0);
    return { moving: moving.length, total, done: moving.reduce((sum, n) => sum + Math.min(n.bytesTransferred ?? 0, n.bytesTotal ?? 0), 0) };
  };
  const current = bytes(running);
  const all = bytes([...finished.flat(), ...running]);
  const byCount = running.length ? running.reduce((sum, n) => sum + n.progress, 0) / running.length : 0;
  const withinPhase = current.total > 0 ? current.done / current.total : byCount;
  const fraction = phaseCount > 0 ? Math.min(1, (finished.length + withinPhase) / phaseCount) : 1;
  const unfinished = running.filter((n) => !TERMINAL.has(n.state));
  const etas = unfinished.map((n) => n.etaSeconds);
  const etaSeconds = unfinished.length > 0 && etas.every((e) => typeof e === 'number') ? Math.max(...(etas as number[])) : undefined;
  return all.moving > 0 ? { fraction, bytesTotal: all.total, bytesTransferred: all.done, etaSeconds } : { fraction, etaSeconds };
}

export interface OverallProgress {
  fraction: number;
  bytesTotal?: number;
  bytesTransferred?: number;
  etaSeconds?: number;
}
