/** Operation states on the wire (Icarus §1.3). */
export enum OperationState {
  Pending = 'PENDING',
  Running = 'RUNNING',
  Completed = 'COMPLETED',
  Cancelled = 'CANCELLED',
  Failed = 'FAILED',
}

export const FINISHED_STATES: ReadonlySet<OperationState> = new Set([
  OperationState.Completed,
  OperationState.Cancelled,
  OperationState.Failed,
]);

/** One entry of an operation's `errors` array. `source` is the host where it happened. */
export interface OperationError {
  source: string;
  message: string;
}
