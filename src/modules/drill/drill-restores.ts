import { setTimeout as sleep } from 'node:timers/promises';
import { errorMessage } from '../../common/errors.js';
import type { OperationContext } from '../../operations/operation-handler.js';
import { OperationState } from '../../operations/operation-state.js';
import type { OperationsService } from '../../operations/operations.service.js';

const POLL_MS = 500;
const FINISHED = new Set<string>([OperationState.Completed, OperationState.Failed, OperationState.Cancelled]);

/** How a restore phase the drill ran ended. */
export interface PhaseEnd {
  id: string;
  state: string;
  errors: string[];
  seconds: number;
}

/**
 * The restore operations of a drill, run through OperationsService like any request (so the restore
 * module stays the one that restores, with its checks, resumption and progress). Each one's id is
 * checkpointed under `key` before it is awaited: a resumed drill finds it again instead of starting
 * a second one.
 */
export class DrillRestores {
  constructor(
    private readonly operations: OperationsService,
    private readonly context: OperationContext<unknown>,
  ) {}

  /** Ids of the restores this drill started (this run and earlier ones). */
  started(): string[] {
    return this.context.restore<string[]>('drill:restores') ?? [];
  }

  /**
   * Submits `body` (once) and waits for it to end; a cancelled drill cancels it and waits for that.
   * The restore's progress (and bytes) is reported as the drill's, scaled into `span`.
   */
  async run(key: string, body: Record<string, unknown>, span: [number, number] = [0, 1]): Promise<PhaseEnd> {
    const startedAt = Date.now();
    let id = this.context.restore<string | null>(key);
    if (!id) {
      id = (await this.operations.submit(body)).id as string;
      await this.context.checkpoint(key, id);
      await this.context.checkpoint('drill:restores', [...this.started(), id]);
    }
    await this.context.publish({ restorePhase: body.restorationPhase, restoreOperationId: id });
    const end = await this.waitFor(id, this.context.signal, (json) => this.report(json, span));
    return { ...end, seconds: (Date.now() - startedAt) / 1000 };
  }

  /** After an interrupted run was cleaned up: the next restores are new ones. */
  async forget(): Promise<void> {
    for (const phase of ['DOWNLOAD', 'IMPORT']) await this.context.checkpoint(`drill:restore:${phase}`, null);
    await this.context.checkpoint('drill:restores', []);
  }

  /** Cancels every restore this drill started that has not ended, and waits until they have. */
  async stopAll(): Promise<void> {
    for (const id of this.started()) {
      await this.operations.cancel(id).catch(() => undefined);
      await this.waitFor(id);
    }
  }

  private async report(restore: Record<string, unknown>, [from, to]: [number, number]): Promise<void> {
    const fraction = typeof restore.progress === 'number' ? restore.progress : 0;
    const { bytesTotal, bytesTransferred, etaSeconds } = restore;
    const transfer = typeof bytesTotal === 'number' ? { bytesTotal, bytesTransferred: Number(bytesTransferred ?? 0), ...(typeof etaSeconds === 'number' ? { etaSeconds } : {}) } : undefined;
    await this.context.progress(from + (to - from) * fraction, transfer);
  }

  private async waitFor(id: string, signal?: AbortSignal, onPoll?: (json: Record<string, unknown>) => Promise<void>): Promise<Omit<PhaseEnd, 'seconds'>> {
    let cancelled = false;
    for (;;) {
      let json: Record<string, unknown>;
      try {
        json = await this.operations.get(id);
      } catch (err) {
        return { id, state: OperationState.Failed, errors: [`restore operation ${id} cannot be read: ${errorMessage(err)}`] };
      }
      const state = String(json.state);
      if (FINISHED.has(state)) {
        const errors = Array.isArray(json.errors) ? json.errors.map((e: { message?: string }) => String(e.message)) : [];
        return { id, state, errors };
      }
      await onPoll?.(json);
      if (signal?.aborted && !cancelled) {
        cancelled = true;
        await this.operations.cancel(id).catch(() => undefined);
      }
      await sleep(POLL_MS);
    }
  }
}
