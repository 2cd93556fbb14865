/**
 * Token buckets, one per client key: `burst` requests at once, refilled at `perSecond`. At most
 * `maxKeys` are kept, the least recently seen dropped first (its bucket has most likely refilled,
 * which is what a forgotten key gets), so many clients cannot make it hold unbounded memory.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly maxKeys = 10_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** 0 when the request may pass (a token is taken), else the seconds until one will be there. */
  take(key: string): number {
    const now = this.now();
    const seen = this.buckets.get(key);
    const tokens = seen ? Math.min(this.burst, seen.tokens + ((now - seen.at) / 1000) * this.perSecond) : this.burst;
    // Re-inserted so the Map's order is least recently used first.
    this.buckets.delete(key);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return Math.ceil((1 - tokens) / this.perSecond);
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    for (const oldest of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys) break;
      this.buckets.delete(oldest);
    }
    return 0;
  }

  get size(): number {
    return this.buckets.size;
  }
}
