/** Every BullMQ queue of the sidecar. */
export enum QueueName {
  /** One job per operation, id = operation UUID. */
  Operations = 'operations',
  /**
   * The jobs of cluster-wide operations this sidecar coordinates: per phase, a phase-gate parent and
   * one child per node (FlowProducer trees).
   */
  Coordination = 'coordination',
}
