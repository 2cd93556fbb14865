import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { LimitsConfig } from '../../config/limits.config.js';
import { principalOf } from '../../security/principal.js';
import { RateLimiter } from '../../security/rate-limiter.js';

/**
 * POSTs per client: `--post-burst` at once, then `--post-rate-limit` per second; beyond, 429 with
 * Retry-After before the body is read. A client is its credential (so one token behind many
 * addresses is one client), or its address when the request carries none.
 */
export function usePostRateLimit(app: INestApplication, limits: LimitsConfig): void {
  if (limits.postRatePerSecond === 0) return;
  const limiter = new RateLimiter(limits.postRatePerSecond, limits.postBurst);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST') return next();
    const principal = principalOf(req);
    const client = principal && principal.via !== 'none' ? `${principal.via} ${principal.identity}` : `address ${req.socket.remoteAddress}`;
    const wait = limiter.take(client);
    if (wait === 0) return next();
    res.status(429).set('Retry-After', String(wait)).json({
      message: `too many POSTs from ${client}: at most ${limits.postRatePerSecond} per second after ${limits.postBurst} at once ` +
        `(--post-rate-limit, --post-burst); try again in ${wait} s`,
    });
  });
}
