import { SetMetadata } from '@nestjs/common';
import type { Role } from '../common/roles.js';
import type { SidecarConfig } from '../config/sidecar-config.js';
import type { OperationError, OperationState } from './operation-state.js';

/** What a handler sees while it runs one operation. */
export interface OperationContext<R> {
  readonly id: string;
  /** The validated request, defaults filled in. */
  readonly request: R;
  /** Aborted by DELETE /operations/{id}; pass it to every slow call. */
  readonly signal: AbortSignal;
  /** True when this run continues one interrupted by a sidecar restart. */
  readonly resumed: boolean;
  /**
   * Reports progress, 0.0–1.0. Operations that move bytes also say how many, so the operation JSON
   * carries `bytesTotal`, `bytesTransferred` and `etaSeconds` (extra fields Icarus clients ignore).
   */
  progress(fraction: number, transfer?: TransferStatus): Promise<void>;
  /** A value saved by `checkpoint` in an earlier run (survives restarts). */
  restore<T>(key: string): T | undefined;
  /** Saves a finished step so a resumed run can skip it. */
  checkpoint(key: string, value: unknown): Promise<void>;
  /** Records an error without stopping; the operation then ends FAILED. */
  addError(message: string, source?: string): Promise<void>;
  /** Text for whoever started the operation (a listing, a report): the CLI prints it, the server logs it. */
  output(text: string): void;
  /**
   * Fields shown in the operation JSON while it runs (e.g. the per-node view of a cluster-wide
   * operation); each call replaces the previous ones. Fields the handler returns at the end win.
   */
  publish(fields: Record<string, unknown>): Promise<void>;
}

/** Byte counts of an operation that moves data (backup, restore). */
export interface TransferStatus {
  bytesTotal: number;
  bytesTransferred: number;
  /** Seconds left at the recent rate; absent until a rate is known. */
  etaSeconds?: number;
}

/** Short view of another operation, for conflict checks. */
export interface OperationSummary {
  id: string;
  type: string;
  state: OperationState;
  request: Record<string, unknown>;
}

/** Checks a request may start now: throw ValidationError (400) or ConflictError (409). */
export interface PrecheckContext {
  /** Operations not yet finished, this one excluded. */
  active: OperationSummary[];
}

/** Runs operations of one type. Extra fields of the returned object are added to the operation JSON. */
export interface OperationHandler<R = unknown> {
  precheck?(request: R, context: PrecheckContext): Promise<void>;
  run(context: OperationContext<R>): Promise<Record<string, unknown> | void>;
}

/** Static description of an operation type, attached to its handler class with @OperationHandlerFor. */
export interface OperationTypeDefinition {
  type: string;
  /** class-validator/Swagger-decorated request class. */
  request: new () => object;
  /** Swagger-decorated class of the fields the handler adds to the operation JSON (what run() returns or publishes). */
  result?: new () => object;
  /**
   * Whether an interrupted run may be started again after a restart. Non-resumable operations end
   * FAILED with an error saying the sidecar restarted.
   */
  resumable: boolean;
  /**
   * The role a credential needs to submit (and cancel) operations of this type: `read`, `operate`
   * (node operations, backups, listings) or `admin` (restores, destructive or node-stopping ones).
   */
  role: Role;
  /** Registered only when this returns true (e.g. truncate needs --enable-truncate). */
  enabled?: (config: SidecarConfig) => boolean;
  description?: string;
}

export const OPERATION_TYPE_METADATA = 'icarus:operation-type';

/** Marks a provider as the handler of one operation type; the registry finds it at boot. */
export const OperationHandlerFor = (definition: OperationTypeDefinition): ClassDecorator =>
  SetMetadata(OPERATION_TYPE_METADATA, definition);

export type { OperationError };
