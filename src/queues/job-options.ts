import type { JobsOptions, WorkerOptions } from 'bullmq';

/**
 * Lock and stall settings for operation workers. BullMQ's defaults recover a crashed worker's job
 * only after ~60 s and fail it on the second crash; a sidecar restarted by Kubernetes should pick
 * its operations back up within seconds and survive several restarts.
 */
export const OPERATION_WORKER_SETTINGS: Pick<WorkerOptions, 'lockDuration' | 'stalledInterval' | 'maxStalledCount'> = {
  lockDuration: 8_000,
  stalledInterval: 4_000,
  maxStalledCount: 20,
};

/**
 * Operations are not retried automatically: re-running a drain or a truncate because it failed is
 * the operator's call. Finished jobs are kept and removed by the expiry sweep, not by BullMQ's lazy
 * retention, so the expiration period is a hard bound.
 */
export const OPERATION_JOB_OPTIONS: JobsOptions = {
  attempts: 1,
  removeOnComplete: false,
  removeOnFail: false,
};

/**
 * Phase gates of cluster-wide operations: idempotent (deterministic job ids), so a gate that hit a
 * Redis or Jolokia hiccup may run again a few times before the operation fails.
 */
export const GATE_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'fixed', delay: 1_000 },
  removeOnComplete: false,
  removeOnFail: false,
};

/**
 * Node jobs of a phase: they complete with an outcome even when the node's operation fails, so a
 * BullMQ failure here is the coordinator's own trouble (Redis). They re-attach to the node's
 * operation when run again; if they still fail, `ignoreDependencyOnFailure` lets the gate run
 * and report it, instead of leaving the gate waiting forever (BullMQ's default) or failing it.
 */
export const NODE_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'fixed', delay: 1_000 },
  ignoreDependencyOnFailure: true,
  removeOnComplete: false,
  removeOnFail: false,
};
