import { UnavailableError } from '../../common/errors.js';

/** Default time a transfer may go without any progress before its attempt is abandoned. */
export const DEFAULT_STALL_TIMEOUT_MS = 300_000;

/** A transfer made no progress for too long; retryable, since a fresh attempt usually goes through. */
export class TransferStalledError extends UnavailableError {
  constructor(what: string, stallMs: number) {
    super(`${what}: no progress for ${stallMs / 1000} s; the connection looks stuck`, { retryable: true });
  }
}

/**
 * Runs one transfer attempt that must keep making progress: `touch()` (called on every chunk)
 * re-arms the timer; when it runs out, the attempt's signal is aborted and the attempt fails with
 * TransferStalledError — even if the SDK ignores the abort, since an SDK stream that never ends
 * (seen with dropped connections) must not hang a backup or restore for ever.
 */
export async function withStallGuard<T>(
  what: string,
  stallMs: number,
  outer: AbortSignal | undefined,
  attempt: (signal: AbortSignal, touch: () => void) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const onOuterAbort = (): void => controller.abort(outer?.reason);
  if (outer?.aborted) onOuterAbort();
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  let rejectStalled: (err: Error) => void = () => undefined;
  const stalled = new Promise<never>((_, reject) => (rejectStalled = reject));
  const touch = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const err = new TransferStalledError(what, stallMs);
      controller.abort(err);
      rejectStalled(err);
    }, stallMs);
  };
  touch();
  const running = attempt(controller.signal, touch);
  // Whatever happens to an abandoned attempt later must not become an unhandled rejection.
  running.catch(() => undefined);
  stalled.catch(() => undefined);
  try {
    return await Promise.race([running, stalled]);
  } catch (err) {
    if (controller.signal.reason instanceof TransferStalledError && !outer?.aborted) throw controller.signal.reason;
    throw err;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}
