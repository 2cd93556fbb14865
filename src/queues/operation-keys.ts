import { QueueName } from './queue-names.js';

/** Redis keys the operations engine keeps beside BullMQ's own. */
export function operationKeys(prefix: string) {
  const base = `${prefix}:${QueueName.Operations}`;
  return {
    /** Hash: operation id → epoch ms when DELETE asked to cancel it. */
    cancelRequests: `${base}:cancel-requests`,
    /** Counter giving operations a total order of submission (newest first listing). */
    sequence: `${base}:sequence`,
  };
}
