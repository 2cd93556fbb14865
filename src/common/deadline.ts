import { UnavailableError } from './errors.js';

/**
 * Waits for `work` at most `ms`; past that rejects with UnavailableError(`what` did not answer…).
 * The work itself is not stopped (a Redis command stays queued), only no longer waited for: for
 * probes and scrapes that must answer quickly whatever their dependencies do.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UnavailableError(`${what} did not answer within ${ms} ms`)), ms);
  });
  // A late rejection of the abandoned work must not become an unhandled rejection.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
