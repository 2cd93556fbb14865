import type { Redis } from 'ioredis';
import { LimitExceededError } from '../common/errors.js';
import type { LimitsConfig } from '../config/limits.config.js';
import { sweepIntervalMs } from '../queues/expiry.js';
import type { OperationKeys } from '../queues/operation-keys.js';
import type { OperationSummary } from './operation-handler.js';
import { OperationState } from './operation-state.js';

/** A submission let through and not yet in Redis (or just added: a read started earlier may lack it). */
export interface Admission {
  type: string;
  settledAt?: number;
}

/** A view of the active operations and when its read started (performance.now()). */
export interface ActiveView {
  active: OperationSummary[];
  startedAt: number;
}

/** How long a settled admission is remembered: far longer than any read of the active operations takes. */
const REMEMBER_MS = 30_000;
/** What a client refused for a full backlog of one type is told to wait: the backlog drains as operations finish. */
const PENDING_RETRY_SECONDS = 10;

/**
 * The caps on what submissions may make the sidecar hold: PENDING operations per type and
 * operations retained in Redis (429 with Retry-After). Submissions arriving together share one read
 * of the active operations, so each also counts the submissions admitted meanwhile whose jobs that
 * read may not show: a burst of parallel POSTs cannot slip past the cap together.
 */
export class SubmissionLimits {
  private readonly admissions = new Set<Admission>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: OperationKeys,
    private readonly limits: LimitsConfig,
    private readonly expirationMs: number,
  ) {}

  /** Admits one submission of `type` or throws LimitExceededError; settle (or drop) what it returns. */
  async admit(type: string, view: ActiveView): Promise<Admission> {
    this.forgetOld();
    const unseen = [...this.admissions].filter((a) => a.settledAt === undefined || a.settledAt >= view.startedAt);
    const pending = view.active.filter((o) => o.type === type && o.state === OperationState.Pending).length + unseen.filter((a) => a.type === type).length;
    if (pending >= this.limits.maxPendingPerType) {
      throw new LimitExceededError(
        `the most '${type}' operations --max-pending-per-type allows (${this.limits.maxPendingPerType}) are PENDING already; try again once some have started`,
        PENDING_RETRY_SECONDS,
      );
    }
    // Counted before the await below, so submissions checked meanwhile see this one.
    const admission: Admission = { type };
    this.admissions.add(admission);
    const inFlight = [...this.admissions].filter((a) => a.settledAt === undefined).length;
    const retained = (await this.redis.zcard(this.keys.byCreation)) + inFlight;
    if (retained > this.limits.maxRetainedOperations) {
      this.drop(admission);
      throw new LimitExceededError(
        `the sidecar keeps ${retained - 1} operations, the most --max-retained-operations allows (${this.limits.maxRetainedOperations}); ` +
          'finished ones are removed as they expire (--operations-expiration)',
        await this.secondsUntilOneExpires(),
      );
    }
    return admission;
  }

  /** Its job is in Redis now. */
  settle(admission: Admission): void {
    admission.settledAt = performance.now();
  }

  /** It never made it into Redis. */
  drop(admission: Admission): void {
    this.admissions.delete(admission);
  }

  private forgetOld(): void {
    const before = performance.now() - REMEMBER_MS;
    for (const a of this.admissions) if (a.settledAt !== undefined && a.settledAt < before) this.admissions.delete(a);
  }

  /** When the oldest finished operation will have been swept, from BullMQ's finished sets (scored by finish time). */
  private async secondsUntilOneExpires(): Promise<number> {
    const sweep = sweepIntervalMs(this.expirationMs);
    const oldest = await Promise.all(['completed', 'failed'].map((set) => this.redis.call('ZRANGE', `${this.keys.jobPrefix}${set}`, '0', '0', 'WITHSCORES') as Promise<string[]>));
    const finishedAt = oldest.filter((r) => r.length === 2).map((r) => Number(r[1]));
    if (finishedAt.length === 0) return Math.ceil(sweep / 1000);
    const at = Math.min(...finishedAt) + this.expirationMs + sweep;
    return Math.min(3600, Math.max(1, Math.ceil((at - Date.now()) / 1000)));
  }
}
