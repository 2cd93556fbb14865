import { QueueName } from './queue-names.js';

/** Redis keys the operations engine keeps beside BullMQ's own. */
export function operationKeys(prefix: string) {
  const base = `${prefix}:${QueueName.Operations}`;
  return {
    /** BullMQ's key prefix of this queue: a job's hash is `${jobPrefix}${id}`, its state sets `${jobPrefix}wait`, …. */
    jobPrefix: `${base}:`,
    /** Hash: operation id → epoch ms when DELETE asked to cancel it. */
    cancelRequests: `${base}:cancel-requests`,
    /** Counter giving operations a total order of submission (newest first listing). */
    sequence: `${base}:sequence`,
    /** Sorted set: every operation id, scored by its creation time in µs (strictly increasing). */
    byCreation: `${base}:by-creation`,
    /** Prefix of the per-type sorted sets (`${byTypePrefix}<type>`), scored like `byCreation`. */
    byTypePrefix: `${base}:by-type:`,
    /** Set: the types that have a per-type sorted set, so removal can reach them all. */
    indexedTypes: `${base}:indexed-types`,
    /** The last creation time handed out, in µs, so the next one is strictly later. */
    lastCreation: `${base}:last-creation`,
    /** Set once every job has its index entries (jobs from before the indexes existed are backfilled). */
    indexVersion: `${base}:index-version`,
  };
}

export type OperationKeys = ReturnType<typeof operationKeys>;
