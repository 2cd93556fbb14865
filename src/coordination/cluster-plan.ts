/*
 * What a cluster-wide operation will do, fixed before its first phase starts and checkpointed in the
 * operation's job: the nodes with their sidecar URLs and requests, and the phases. The coordinator
 * and the phase gates read it from there, so a restarted coordinator continues the same plan.
 */

/** One node of the cluster and where its sidecar answers. */
export interface PeerTarget {
  /** The node's address as Cassandra gossips it; the `source` of errors about talking to it. */
  address: string;
  hostname: string;
  hostId: string;
  dc: string;
  rack: string;
  /** Base URL of the node's sidecar, without a trailing slash. */
  url: string;
}

/** One node's part of the operation: the request its sidecar gets (a phase may add fields). */
export interface PlannedNode {
  target: PeerTarget;
  request: Record<string, unknown>;
}

export interface PlannedPhase {
  /** Shown in the operation JSON, e.g. DOWNLOAD. */
  name: string;
  /** Added to every node's request in this phase, e.g. `{restorationPhase: 'DOWNLOAD'}`. */
  fields?: Record<string, unknown>;
  /** Indexes into `nodes` of the nodes taking part; absent = all of them. */
  nodes?: number[];
}

export interface ClusterPlan {
  nodes: PlannedNode[];
  /** Run one after another; a phase starts only when every node finished the previous one, and none failed. */
  phases: PlannedPhase[];
  /** How long one node may take for one phase (ms). */
  nodeTimeoutMs: number;
}

export function phaseNodes(plan: ClusterPlan, phase: number): number[] {
  return plan.phases[phase].nodes ?? plan.nodes.map((_, i) => i);
}

/** The request node `node` gets in phase `phase`. */
export function requestFor(plan: ClusterPlan, phase: number, node: number): Record<string, unknown> {
  return { ...plan.nodes[node].request, ...(plan.phases[phase].fields ?? {}) };
}

/*
 * Job ids are derived from the operation id, so adding a phase's flow twice (a gate run again
 * after a crash) finds the jobs already there instead of creating a second set.
 */

export function gateJobId(operationId: string, phase: number): string {
  return `${operationId}-p${phase}`;
}

export function nodeJobId(operationId: string, phase: number, node: number): string {
  return `${operationId}-p${phase}-n${node}`;
}

/** Node index of a node job, from its id or its Redis key (`<prefix>:<queue>:<id>`). */
export function nodeIndexOf(jobIdOrKey: string): number | undefined {
  const m = /-n(\d+)$/.exec(jobIdOrKey);
  return m ? Number(m[1]) : undefined;
}

/** Icarus' per-node timeout: `timeout` hours, 5 when absent or below 1; optionally capped. */
export function nodeTimeoutMs(hours: number | undefined, capMs?: number): number {
  const ms = (hours === undefined || hours < 1 ? 5 : hours) * 3_600_000;
  return capMs === undefined ? ms : Math.min(ms, capMs);
}
