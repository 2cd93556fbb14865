import type { UploadItemOutcome } from '../../storage/index.js';

interface Claim {
  owner: string;
  done: Promise<UploadItemOutcome | null>;
  settle(outcome: UploadItemOutcome | null): void;
}

/**
 * Keys being uploaded right now by backups in this process, so two concurrent backups of the same
 * node never upload the same key twice (Esop's UploadTracker shares units the same way). The second
 * backup waits for the first one's upload of the key and then decides again with its outcome.
 */
export class InFlightUploads {
  private readonly claims = new Map<string, Claim>();

  /** Claims the keys not claimed by someone else; returns what the others are uploading, to wait for. */
  claim(owner: string, keys: readonly string[]): { mine: string[]; theirs: Map<string, Promise<UploadItemOutcome | null>> } {
    const mine: string[] = [];
    const theirs = new Map<string, Promise<UploadItemOutcome | null>>();
    for (const key of keys) {
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
    claim.settle(outcome);
  }

  /** Gives up every key `owner` still holds (its backup failed or was cancelled). */
  releaseAll(owner: string): void {
    for (const [key, claim] of [...this.claims]) if (claim.owner === owner) this.settle(owner, key, null);
  }
}
