import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { errorMessage } from '../common/errors.js';
import { SidecarConfig } from '../config/sidecar-config.js';
import { CoordinatedOperations } from './coordinated-operations.js';
import { failureOf, type NodeOutcome, type NodeProgress, outcomeOf, progressOf, TERMINAL } from './outcomes.js';
import { PeerClient, PeerRefusedError, PeerUnreachableError, type RemoteOperation } from './peer-client.js';
import type { NodeJobData } from './phase-flows.js';

/** What a node job records in its data as it goes, so a run after a crash re-attaches instead of posting again. */
export interface NodeJobProgress {
  /** When the node's part of the phase began (its timeout counts from here, across restarts). */
  startedAt?: number;
  /** Set just before the POST: a run that finds it but no remoteId looks for the operation on the node first. */
  postingSince?: number;
  remoteId?: string;
  /** The node operation as last polled, for the live per-node view. */
  seen?: NodeProgress;
  cancelSent?: boolean;
}

export type NodeJob = Job<NodeJobData & NodeJobProgress, NodeOutcome>;

const FIRST_POLL_MS = 100;
const MAX_POLL_MS = 1_000;
/** After DELETE, how long the node operation may take to stop before the node counts as cancelled anyway. */
const CANCEL_GRACE_MS = 60_000;
/** Clock difference between coordinator and peer tolerated when recognising an operation posted before a crash. */
const CLOCK_SKEW_MS = 60_000;

/**
 * Drives one node's part of a phase: POSTs the request to the node's sidecar, stores the operation
 * id, polls with a backoff (100 ms growing to 1 s) until the operation ends, and completes with an
 * outcome — also when the node's operation failed, so the phase gate always runs.
 */
@Injectable()
export class NodeJobRunner {
  constructor(
    @Inject(PeerClient) private readonly client: PeerClient,
    @Inject(CoordinatedOperations) private readonly operations: CoordinatedOperations,
    @Inject(SidecarConfig) private readonly config: SidecarConfig,
  ) {}

  /** `shutdown` fires when this sidecar stops: the job is then left for the next sidecar to re-attach. */
  async run(job: NodeJob, shutdown: AbortSignal): Promise<NodeOutcome> {
    const { node, address } = job.data;
    if (job.data.startedAt === undefined) await save(job, { startedAt: Date.now() });
    const remoteId = job.data.remoteId ?? (await this.submit(job, shutdown));
    if (typeof remoteId !== 'string') return remoteId;
    try {
      const outcome = await this.follow(job, remoteId, shutdown);
      if (outcome.state !== 'CANCELLED' || job.data.cancelSent) return outcome;
      return failureOf(node, address, `operation ${remoteId} on ${address} was cancelled there, not by this coordinator`, remoteId);
    } catch (err) {
      if (shutdown.aborted) return park();
      return failureOf(node, address, `following operation ${remoteId} on ${address} failed: ${errorMessage(err)}`, remoteId);
    }
  }

  /** Starts the node's operation (or finds the one a crashed run started); the outcome when it cannot. */
  private async submit(job: NodeJob, shutdown: AbortSignal): Promise<string | NodeOutcome> {
    const { node, address, url, request, operationId } = job.data;
    const since = Date.now();
    for (let delay = FIRST_POLL_MS; ; delay = Math.min(MAX_POLL_MS, delay * 2)) {
      if (await this.operations.cancelRequested(operationId)) return { node, state: 'CANCELLED', progress: 1, errors: [] };
      try {
        const found = job.data.postingSince === undefined ? undefined : await this.findPosted(job.data);
        if (!found) await save(job, { postingSince: Date.now() });
        const id = found ?? (await this.client.submit(url, request)).id;
        await save(job, { remoteId: id });
        return id;
      } catch (err) {
        if (err instanceof PeerRefusedError) return failureOf(node, address, err.message);
        if (!(err instanceof PeerUnreachableError) || Date.now() - since > this.config.coordination.unreachableGraceMs) {
          return failureOf(node, address, `could not start the ${String(request.type)} operation on ${address}: ${errorMessage(err)}`);
        }
      }
      if (!(await pause(delay, shutdown))) return park();
    }
  }

  /** Polls the node's operation until it ends, the per-node timeout passes, or the peer stays away too long. */
  private async follow(job: NodeJob, remoteId: string, shutdown: AbortSignal): Promise<NodeOutcome> {
    const { node, address, url, operationId, timeoutMs } = job.data;
    const deadline = job.data.startedAt! + timeoutMs;
    let delay = FIRST_POLL_MS;
    let unreachableSince: number | undefined;
    let cancelDeadline: number | undefined;
    for (;;) {
      if (!job.data.cancelSent && (await this.operations.cancelRequested(operationId))) {
        await this.client.cancel(url, remoteId).catch(() => undefined);
        await save(job, { cancelSent: true });
        delay = FIRST_POLL_MS;
      }
      if (job.data.cancelSent) cancelDeadline ??= Date.now() + CANCEL_GRACE_MS;
      if (Date.now() > deadline) {
        await this.client.cancel(url, remoteId).catch(() => undefined);
        return failureOf(node, address, `no result from operation ${remoteId} on ${address} within the per-node timeout of ${describeMs(timeoutMs)}; it was cancelled`, remoteId);
      }
      let remote: RemoteOperation | null | undefined;
      try {
        remote = await this.client.get(url, remoteId);
        unreachableSince = undefined;
      } catch (err) {
        unreachableSince ??= Date.now();
        if (Date.now() - unreachableSince > this.config.coordination.unreachableGraceMs) {
          return failureOf(node, address, `${errorMessage(err)}; it has not answered for ${describeMs(Date.now() - unreachableSince)} while operation ${remoteId} ran there`, remoteId);
        }
      }
      if (remote === null) return failureOf(node, address, `operation ${remoteId} no longer exists on the sidecar at ${url} (expired, or its Redis lost it)`, remoteId);
      if (remote && TERMINAL.has(remote.state)) return outcomeOf(node, address, remote);
      if (remote) await this.record(job, progressOf(remote));
      if (cancelDeadline !== undefined && Date.now() > cancelDeadline) return { node, remoteId, state: 'CANCELLED', progress: 1, errors: [] };
      if (!(await pause(delay, shutdown))) return park();
      delay = Math.min(MAX_POLL_MS, delay * 1.5);
    }
  }

  private async record(job: NodeJob, seen: NodeProgress): Promise<void> {
    if (JSON.stringify(seen) !== JSON.stringify(job.data.seen)) await save(job, { seen });
  }

  /**
   * The operation a crashed run may have posted after noting `postingSince` and before storing its
   * id: the newest of the type, created since then, whose plain fields all equal the request's.
   */
  private async findPosted(data: NodeJobData & NodeJobProgress): Promise<string | undefined> {
    const since = (data.postingSince ?? 0) - CLOCK_SKEW_MS;
    const candidates = await this.client.list(data.url, String(data.request.type));
    const plain = Object.entries(data.request).filter(([, v]) => v === null || typeof v !== 'object');
    return candidates.find((op) => Date.parse(op.creationTime) >= since && plain.every(([k, v]) => op[k] === v || (v === null && op[k] === undefined)))?.id;
  }
}

function save(job: NodeJob, patch: NodeJobProgress): Promise<void> {
  return job.updateData({ ...job.data, ...patch });
}

/** Waits; false when the sidecar is stopping. */
async function pause(ms: number, shutdown: AbortSignal): Promise<boolean> {
  if (shutdown.aborted) return false;
  return sleep(ms, true, { signal: shutdown }).catch(() => false);
}

/**
 * Never settles: the sidecar is stopping, and the job must stay active in Redis (not complete, not
 * fail) so that the next sidecar finds it stalled and re-attaches to the node's operation.
 */
function park(): Promise<never> {
  return new Promise<never>(() => undefined);
}

function describeMs(ms: number): string {
  return ms >= 3_600_000 ? `${+(ms / 3_600_000).toFixed(2)} h` : `${Math.round(ms / 1000)} s`;
}
