import { setTimeout as sleep } from 'node:timers/promises';
import { CancelledError, throwIfCancelled } from '../../common/errors.js';
import { isRetryable } from '../storage-errors.js';
import { retryDelayMs, type RetrySpec } from '../transfer-options.js';

/**
 * Runs `attempt` with Esop's retry settings, but honouring `enabled` (Esop ignored it): disabled means
 * one try. `maxAttempts` counts retries after the first failure, so up to maxAttempts + 1 tries.
 * Errors that say they are not retryable (not found, access denied, cancelled) end it at once.
 * `onRetry` hears of every try that follows a failure (the storage retry counter of /metrics).
 */
export async function withRetry<T>(
  spec: RetrySpec,
  attempt: (tryNumber: number) => Promise<T>,
  signal?: AbortSignal,
  onRetry?: () => void,
): Promise<T> {
  const tries = spec.enabled ? spec.maxAttempts + 1 : 1;
  for (let tryNumber = 1; ; tryNumber++) {
    throwIfCancelled(signal);
    try {
      return await attempt(tryNumber);
    } catch (err) {
      if (signal?.aborted) throw new CancelledError();
      if (tryNumber >= tries || !isRetryable(err)) throw err;
      onRetry?.();
      try {
        await sleep(retryDelayMs(spec, tryNumber), undefined, { signal });
      } catch {
        throw new CancelledError();
      }
    }
  }
}
