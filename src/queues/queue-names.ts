/** Every BullMQ queue of the sidecar. */
export enum QueueName {
  /** One job per operation, id = operation UUID. */
  Operations = 'operations',
}
