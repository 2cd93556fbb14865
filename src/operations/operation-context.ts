import { hostname } from 'node:os';
import { Logger } from '@nestjs/common';
import type { OperationContext, TransferStatus } from './operation-handler.js';
import type { OperationJob } from './operation-job.js';

/**
 * The context a handler runs in, backed by its BullMQ job. Writes to the job are chained so that
 * progress, checkpoints and errors never overwrite each other.
 */
export class JobOperationContext<R> implements OperationContext<R> {
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly job: OperationJob,
    readonly request: R,
    readonly signal: AbortSignal,
    readonly resumed: boolean,
  ) {}

  get id(): string {
    return this.job.id!;
  }

  progress(fraction: number, transfer?: TransferStatus): Promise<void> {
    const value = Math.max(0, Math.min(1, fraction));
    return this.enqueue(() => this.job.updateProgress(transfer ? { value, ...transfer } : value));
  }

  publish(fields: Record<string, unknown>): Promise<void> {
    return this.enqueue(() => this.job.updateData({ ...this.job.data, live: fields }));
  }

  output(text: string): void {
    new Logger('operations').log({ msg: 'operation output', operationId: this.id, text });
  }

  restore<T>(key: string): T | undefined {
    return this.job.data.checkpoints?.[key] as T | undefined;
  }

  checkpoint(key: string, value: unknown): Promise<void> {
    return this.enqueue(() => this.job.updateData({ ...this.job.data, checkpoints: { ...this.job.data.checkpoints, [key]: value } }));
  }

  addError(message: string, source: string = hostname()): Promise<void> {
    return this.enqueue(() => this.job.updateData({ ...this.job.data, errors: [...this.job.data.errors, { source, message }] }));
  }

  get errorCount(): number {
    return this.job.data.errors.length;
  }

  /** Waits for every pending write; call before the job finishes. */
  flush(): Promise<unknown> {
    return this.writes;
  }

  private enqueue(write: () => Promise<unknown>): Promise<void> {
    const next = this.writes.then(write);
    this.writes = next.catch(() => undefined);
    return next.then(() => undefined);
  }
}
