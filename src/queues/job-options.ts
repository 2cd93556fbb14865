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
