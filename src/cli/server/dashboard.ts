import type { INestApplication } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { OperationsQueue } from '../../queues/operations-queue.js';

/** Bull Board at /dashboard, read-only: operations are changed through /operations only. */
export function setUpDashboard(app: INestApplication): void {
  const adapter = new ExpressAdapter();
  adapter.setBasePath('/dashboard');
  createBullBoard({
    queues: [new BullMQAdapter(app.get(OperationsQueue).queue, { readOnlyMode: true })],
    serverAdapter: adapter,
  });
  app.use('/dashboard', adapter.getRouter());
}
