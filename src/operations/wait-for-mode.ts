import type { OperationMode, StorageService } from '../cassandra/storage-service.js';
import { OperationFailedError, throwIfCancelled } from '../common/errors.js';

const POLL_MS = 1_000;

/** Polls StorageService.OperationMode until it is one of `modes`; fails after `timeoutMs`. */
export async function waitForMode(
  storage: StorageService,
  modes: OperationMode[],
  timeoutMs: number,
  signal: AbortSignal,
  what: string,
): Promise<OperationMode> {
  const deadline = Date.now() + timeoutMs;
  let mode = await storage.operationMode();
  while (!modes.includes(mode)) {
    if (Date.now() > deadline) {
      throw new OperationFailedError(`${what}: the node did not reach ${modes.join('/')} within ${timeoutMs / 60_000} min; it is ${mode}`);
    }
    throwIfCancelled(signal);
    await new Promise((r) => setTimeout(r, POLL_MS));
    mode = await storage.operationMode();
  }
  return mode;
}
