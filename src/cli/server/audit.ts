import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { AuditConfig } from '../../config/audit.config.js';
import { MetricsRegistry } from '../../metrics/metrics-registry.js';
import { AUDIT_OUTCOMES, AuditLog, outcomeOf } from '../../security/audit-log.js';
import { factsOf } from '../../security/principal.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const MAX_PATH = 256;

/**
 * Records every state-changing request when its answer is sent (or its connection dropped), by
 * whatever layer answered it: 401 and 415 before any controller, 403, 429, 400, 409 and acceptance
 * alike. Registered first, so nothing answers a request before it is being watched. Counts them in
 * `icarus_audited_requests_total{outcome}` whether or not a file is configured.
 */
export function useAudit(app: INestApplication, config: AuditConfig): AuditLog {
  const count = app.get(MetricsRegistry).counter({
    name: 'icarus_audited_requests_total',
    help: 'State-changing requests (POST, PUT, PATCH, DELETE) by outcome: accepted, unauthenticated, forbidden, invalid, not_found, conflict, rate_limited, unavailable, failed, aborted',
    labelNames: ['outcome'] as const,
    initial: AUDIT_OUTCOMES.map((outcome) => ({ outcome })),
  });
  const log = new AuditLog(config, (outcome) => count({ outcome }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!STATE_CHANGING.has(req.method)) return next();
    let recorded = false;
    const record = (): void => {
      if (recorded) return;
      recorded = true;
      const status = res.headersSent ? res.statusCode : undefined;
      const facts = factsOf(req);
      const named = (req.body as { type?: unknown } | undefined)?.type;
      log.record({
        time: new Date().toISOString(),
        outcome: outcomeOf(status),
        status: status ?? 0,
        method: req.method,
        path: req.originalUrl.split('?')[0].slice(0, MAX_PATH),
        source: req.socket.remoteAddress,
        identity: facts.principal?.identity,
        via: facts.principal?.via,
        role: facts.principal?.role,
        requiredRole: facts.requiredRole,
        operationType: facts.operationType ?? (typeof named === 'string' ? named.slice(0, 64) : undefined),
        operationId: facts.operationId,
      });
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  });
  return log;
}
