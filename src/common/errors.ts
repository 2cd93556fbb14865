/**
 * Domain errors. Handlers and services throw these; one exception filter maps them to HTTP
 * statuses, and the operations worker uses `retryable` to decide whether BullMQ may try again.
 */
export abstract class SidecarError extends Error {
  /** HTTP status this error maps to when it reaches the REST layer. */
  abstract readonly httpStatus: number;
  /** Whether running the same thing again could succeed (network blips, a node still starting). */
  readonly retryable: boolean = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One problem with one field of a request. `field` uses dotted paths for nested fields. */
export interface FieldProblem {
  field: string;
  problem: string;
}

/** Bad input: the request can never succeed as it is (400). */
export class ValidationError extends SidecarError {
  readonly httpStatus = 400;
  constructor(
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
  }

  static forField(field: string, problem: string): ValidationError {
    return new ValidationError(`${field}: ${problem}`, [{ field, problem }]);
  }
}

/** Something named by the request does not exist (404). */
export class NotFoundError extends SidecarError {
  readonly httpStatus = 404;
}

/** The request conflicts with what the node or sidecar is doing now (409), e.g. drain while DRAINING. */
export class ConflictError extends SidecarError {
  readonly httpStatus = 409;
}

/** A dependency (Jolokia, a peer sidecar, storage) cannot be reached or answered badly (503). */
export class UnavailableError extends SidecarError {
  readonly httpStatus = 503;
  override readonly retryable: boolean;
  constructor(message: string, options?: { cause?: unknown; retryable?: boolean }) {
    super(message, options);
    this.retryable = options?.retryable ?? true;
  }
}

/** A dependency answered, but with an error for this call (502), e.g. a JMX exception inside Jolokia. */
export class UpstreamError extends SidecarError {
  readonly httpStatus = 502;
}

/** The operation failed for a reason that running it again will not fix. */
export class OperationFailedError extends SidecarError {
  readonly httpStatus = 500;
}

/** The operation was cancelled through DELETE /operations/{id} (or its AbortSignal). */
export class CancelledError extends SidecarError {
  readonly httpStatus = 409;
  constructor(message = 'operation was cancelled') {
    super(message);
  }
}

/** Throws CancelledError if the signal has been aborted; call between steps of long work. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/** Message of any thrown value, preferring the cause's message as Icarus does (§1.3). */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause;
    if (!(err instanceof SidecarError) && cause instanceof Error && cause.message) return cause.message;
    return err.message || err.name;
  }
  return String(err);
}

/** The credential is valid but its role does not allow this (403); the message names the role needed. */
export class ForbiddenError extends SidecarError {
  readonly httpStatus = 403;
}

/** A limit on what clients may make the sidecar hold was reached (429); try again after `retryAfterSeconds`. */
export class LimitExceededError extends SidecarError {
  readonly httpStatus = 429;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
