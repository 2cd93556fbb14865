import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { OperationsQueue } from '../../queues/operations-queue.js';
import { protectMount } from './protected-mounts.js';

/**
 * Bull Board at /dashboard, read-only (`read` role; any other method than GET/HEAD is 405 before
 * Bull Board sees it): operations are changed through /operations only.
 */
export function setUpDashboard(app: INestApplication): void {
  const adapter = new ExpressAdapter();
  adapter.setBasePath('/dashboard');
  createBullBoard({
    queues: [new BullMQAdapter(app.get(OperationsQueue).queue, { readOnlyMode: true })],
    serverAdapter: adapter,
  });
  protectMount(app, { prefix: '/dashboard', role: 'read', readOnly: true });
  app.use('/dashboard', refuseBadQueries, adapter.getRouter());
}

/**
 * Bull Board answers 500 to two kinds of query values: one holding a NUL (`?status=%00x`: it packs
 * its validation messages as `<key>\u0000<JSON>` with the offending value inside, then parses the
 * user's text as JSON), and one it URI-decodes a second time that is not valid percent-encoding
 * (`?activeQueue=a%25zz`, i.e. `a%zz` once decoded). Neither is a legitimate dashboard URL: 400.
 */
export function refuseBadQueries(req: Request, res: Response, next: NextFunction): void {
  const url = req.originalUrl ?? req.url;
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  if (/%00/i.test(url) || !query.split('&').every(decodesTwice)) {
    res.status(400).json({ message: 'the dashboard URL holds NUL characters or broken percent-encoding' });
    return;
  }
  next();
}

function decodesTwice(part: string): boolean {
  try {
    decodeURIComponent(decodeURIComponent(part.replace(/\+/g, ' ')));
    return true;
  } catch {
    return false;
  }
}
