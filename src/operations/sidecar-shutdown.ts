import { Inject, Injectable, Logger } from '@nestjs/common';
import { OperationsQueue } from '../queues/operations-queue.js';

/** What stopping the sidecar means: the shipped server sends itself SIGTERM (graceful close, exit 0). */
export const SHUTDOWN_HOOK = Symbol('SHUTDOWN_HOOK');
export type ShutdownHook = () => void;

export const exitGracefully: ShutdownHook = () => process.kill(process.pid, 'SIGTERM');

/** Stops the sidecar once a given operation (the `stop` operation) is recorded as finished. */
@Injectable()
export class SidecarShutdown {
  private readonly logger = new Logger('shutdown');

  constructor(
    @Inject(SHUTDOWN_HOOK) private readonly hook: ShutdownHook,
    private readonly operations: OperationsQueue,
  ) {}

  /** Waits (up to 30 s) until operation `id` is COMPLETED or FAILED in Redis, then stops. */
  afterFinished(id: string): void {
    void (async () => {
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const state = await (await this.operations.queue.getJob(id))?.getState().catch(() => undefined);
        if (state === 'completed' || state === 'failed') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      this.logger.log({ msg: 'stopping the sidecar as requested by operation', operationId: id });
      this.hook();
    })();
  }
}
