import type { Job, JobState } from 'bullmq';
import { redactSecrets } from '../common/redact.js';
import { type OperationError, OperationState } from './operation-state.js';

/** What an operation's BullMQ job holds. The job is the only record of the operation. */
export interface OperationJobData {
  /** The validated request, `type` included. */
  request: Record<string, unknown>;
  /** Request fields the operation JSON shows as the client sent them (see ParsedField's `echo`). */
  echo?: Record<string, unknown>;
  /** ISO-8601 UTC. */
  creationTime: string;
  /** Errors recorded while running (soft errors and the final failure). */
  errors: OperationError[];
  /** Finished steps, so a resumed run can skip them. */
  checkpoints: Record<string, unknown>;
  /** Order of submission, from a Redis counter: listings are newest first by it. */
  sequence: number;
  /** How many times a worker has started running it; above 1 means it was interrupted. */
  runs: number;
  /** Set when the run ended because of DELETE /operations/{id}. */
  cancelled?: boolean;
  /**
   * How the run ended, written before BullMQ moves the job: if that move fails because Redis was away
   * longer than the job's lock, BullMQ hands the job out again, and it settles from this instead of running twice.
   */
  ended?: 'completed' | 'failed';
  /** Fields the handler returned, added to the operation JSON (e.g. list's `response`). */
  result?: Record<string, unknown>;
  /** Fields the handler publishes while it runs (context.publish), shown until `result` replaces them. */
  live?: Record<string, unknown>;
}

export type OperationJob = Job<OperationJobData, unknown, string>;

/** The fields of an operation's job that its JSON is rendered from (a BullMQ Job, or the same fields read by a listing). */
export type RenderableJob = Pick<OperationJob, 'id' | 'name' | 'data' | 'progress' | 'processedOn' | 'finishedOn'> & { failedReason?: string };

/** Operation JSON as Icarus renders it (§1.3): fixed field order, nulls omitted. */
export type OperationJson = Record<string, unknown>;

/**
 * Renders a job into the Icarus operation JSON. `cancelRequestedAt` is set when DELETE was called;
 * a job still waiting for a worker then already shows CANCELLED, as it will never run.
 */
export function renderOperation(job: RenderableJob, jobState: JobState | 'unknown', cancelRequestedAt?: number): OperationJson {
  const data = job.data;
  const state = operationState(job, jobState, cancelRequestedAt);
  const finished = state === OperationState.Completed || state === OperationState.Failed || state === OperationState.Cancelled;
  const { type, ...requestFields } = redactSecrets(data.request);
  const completion = job.finishedOn ?? (state === OperationState.Cancelled ? cancelRequestedAt : undefined);
  const json: OperationJson = {
    type,
    id: job.id,
    creationTime: data.creationTime,
    state,
    errors: renderErrors(job, state),
    progress: finished ? 1 : progressValue(job.progress),
    startTime: job.processedOn ? iso(job.processedOn) : undefined,
    ...requestFields,
    ...redactSecrets(data.echo ?? {}),
    ...(data.live ?? {}),
    ...(data.result ?? {}),
    ...transferFields(job.progress, finished),
    completionTime: finished && completion ? iso(completion) : undefined,
  };
  return Object.fromEntries(Object.entries(json).filter(([, v]) => v !== undefined && v !== null));
}

/** Progress is a number, or `{value, bytesTotal, bytesTransferred, etaSeconds}` for operations moving bytes. */
function progressValue(progress: unknown): number {
  if (typeof progress === 'number') return progress;
  const value = (progress as { value?: unknown } | null)?.value;
  return typeof value === 'number' ? value : 0;
}

function transferFields(progress: unknown, finished: boolean): Record<string, number | undefined> {
  if (typeof progress !== 'object' || progress === null) return {};
  const { bytesTotal, bytesTransferred, etaSeconds } = progress as Record<string, number | undefined>;
  return { bytesTotal, bytesTransferred, etaSeconds: finished ? undefined : etaSeconds };
}

export function operationState(job: RenderableJob, jobState: JobState | 'unknown', cancelRequestedAt?: number): OperationState {
  return stateOf(jobState, job.data.cancelled === true, !!cancelRequestedAt);
}

/** The Icarus state of a job in BullMQ state `jobState`; `cancelled` is the job's flag, `cancelRequested` a DELETE seen. */
export function stateOf(jobState: JobState | 'unknown', cancelled: boolean, cancelRequested: boolean): OperationState {
  switch (jobState) {
    case 'active':
      return OperationState.Running;
    case 'completed':
      return OperationState.Completed;
    case 'failed':
      return cancelled ? OperationState.Cancelled : OperationState.Failed;
    default:
      return cancelRequested ? OperationState.Cancelled : OperationState.Pending;
  }
}

/** In the order jobs move through them, so a job changing state during a listing is still seen once. */
export const ALL_JOB_STATES: JobState[] = ['waiting', 'prioritized', 'delayed', 'waiting-children', 'active', 'completed', 'failed'];

function renderErrors(job: RenderableJob, state: OperationState): OperationError[] {
  const errors = [...(job.data.errors ?? [])];
  return state === OperationState.Cancelled ? errors.filter((e) => e.message !== job.failedReason) : errors;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
