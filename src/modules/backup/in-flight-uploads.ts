import type { UploadItemOutcome } from '../../storage/index.js';

interface Claim {
  owner: string;
  done: Promise<UploadItemOutcome | null>;
  settle(outcome: UploadItemOutcome | null): void;
}

/** How long a finished upload is remembered for backups that planned the same key meanwhile. */
const REMEMBER_MS = 60 * 60_000;

/**
 * Keys being uploaded right now (or lately) by backups in this process, so two concurrent backups
 * of the same node never upload the same key twice (Esop's UploadTracker shares units the same
 * way). A backup that planned a key another one is uploading, or has just uploaded, waits for that
 * upload and decides again with its outcome.
 */
export class InFlightUploads {
  private readonly claims = new Map<string, Claim>();
  private readonly finished = new Map<string, { outcome: UploadItemOutcome; at: number }>();

  /**
   * Claims the keys not claimed by someone else; returns what the others are uploading, or uploaded
   * after `since` (when the caller checked the bucket and did not find them), to wait for.
   */
  claim(owner: string, keys: readonly string[], since: number): { mine: string[]; theirs: Map<string, Promise<UploadItemOutcome | null>> } {
    const mine: string[] = [];
    const theirs = new Map<string, Promise<UploadItemOutcome | null>>();
    this.forgetOld();
    for (const key of keys) {
      const done = this.finished.get(key);
      if (done && done.at >= since) {
        theirs.set(key, Promise.resolve(done.outcome));
        continue;
      }
      const existing = this.claims.get(key);
      if (existing && existing.owner !== owner) {
        theirs.set(key, existing.done);
        continue;
      }
      if (!existing) {
        let settle!: (outcome: UploadItemOutcome | null) => void;
        const done = new Promise<UploadItemOutcome | null>((resolve) => (settle = resolve));
        this.claims.set(key, { owner, done, settle });
      }
      mine.push(key);
    }
    return { mine, theirs };
  }

  /** The key is uploaded (outcome) or given up (null): whoever waits for it decides again. */
  settle(owner: string, key: string, outcome: UploadItemOutcome | null): void {
    const claim = this.claims.get(key);
    if (!claim || claim.owner !== owner) return;
    this.claims.delete(key);
    if (outcome) this.finished.set(key, { outcome, at: Date.now() });
    claim.settle(outcome);
  }

  private forgetOld(): void {
    const cutoff = Date.now() - REMEMBER_MS;
    for (const [key, done] of this.finished) if (done.at < cutoff) this.finished.delete(key);
  }

  /** Gives up every key `owner` still holds (its backup failed or was cancelled). */
  releaseAll(owner: string): void {
    for (const [key, claim] of [...this.claims]) if (claim.owner === owner) this.settle(owner, key, null);
  }
}
