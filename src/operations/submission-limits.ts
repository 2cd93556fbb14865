import type { Redis } from 'ioredis';
import { LimitExceededError } from '../common/errors.js';
import type { LimitsConfig } from '../config/limits.config.js';
import { sweepIntervalMs } from '../queues/expiry.js';
import type { OperationKeys } from '../queues/operation-keys.js';
import type { OperationSummary } from './operation-handler.js';
import { OperationState } from './operation-state.js';

/** A submission let through; settled once its job is in Redis (or dropped when it never got there). */
export interface Admission {
  type: string;
  done?: boolean;
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
  /** Admitted submissions whose jobs are not in Redis yet, per type, and in all. */
  private readonly unsettled = new Map<string, number>();
  private unsettledTotal = 0;
  /** When admitted jobs of each type reached Redis (ascending): a read started before that may lack them. */
  private readonly settled = new Map<string, SettleTimes>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: OperationKeys,
    private readonly limits: LimitsConfig,
    private readonly expirationMs: number,
  ) {}

  /** Admits one submission of `type` or throws LimitExceededError; settle (or drop) what it returns. */
  async admit(type: string, view: ActiveView): Promise<Admission> {
    const visible = view.active.filter((o) => o.type === type && o.state === OperationState.Pending).length;
    const unseen = (this.unsettled.get(type) ?? 0) + (this.settled.get(type)?.since(view.startedAt) ?? 0);
    if (visible + unseen >= this.limits.maxPendingPerType) {
      throw new LimitExceededError(
        `the most '${type}' operations --max-pending-per-type allows (${this.limits.maxPendingPerType}) are PENDING already; try again once some have started`,
        PENDING_RETRY_SECONDS,
      );
    }
    // Counted before the await below, so submissions checked meanwhile see this one.
    const admission: Admission = { type };
    this.count(type, 1);
    const retained = (await this.redis.zcard(this.keys.byCreation)) + this.unsettledTotal;
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
    if (admission.done) return;
    admission.done = true;
    this.count(admission.type, -1);
    let times = this.settled.get(admission.type);
    if (!times) this.settled.set(admission.type, (times = new SettleTimes()));
    times.add(performance.now());
  }

  /** It never made it into Redis. */
  drop(admission: Admission): void {
    if (admission.done) return;
    admission.done = true;
    this.count(admission.type, -1);
  }

  private count(type: string, delta: number): void {
    this.unsettled.set(type, (this.unsettled.get(type) ?? 0) + delta);
    this.unsettledTotal += delta;
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

/**
 * Ascending settle times of one type, kept for REMEMBER_MS: counting those at or after a time is a
 * binary search, and old ones are dropped in amortised constant time (a burst of thousands of
 * submissions a second stays cheap).
 */
class SettleTimes {
  private times: number[] = [];
  private head = 0;

  add(at: number): void {
    this.times.push(at);
    while (this.head < this.times.length && this.times[this.head] < at - REMEMBER_MS) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }

  /** How many settled at or after `at`. */
  since(at: number): number {
    let [low, high] = [this.head, this.times.length];
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.times[mid] < at) low = mid + 1;
      else high = mid;
    }
    return this.times.length - low;
  }
}
