import { parseTime } from '../../config/time.js';
import { FlagError } from './request-body.js';
import type { RunOutcome } from './run-operation.js';

/** `--rate` as Esop takes it (`1d`, `12h`, `5minutes`); `0` = run once. Milliseconds. */
export function parseRate(text: string): number {
  if (/^\s*0+\s*$/.test(text)) return 0;
  try {
    return parseTime(text);
  } catch (err) {
    throw new FlagError(`--rate: ${(err as Error).message}`);
  }
}

/**
 * Esop's daemon mode: runs at once, then again every `rateMs` from the start of the previous run
 * (at once when a run took longer), until `signal` is aborted, which ends it successfully. A failed
 * run is reported and the next one still happens; a request that can never run (bad input, type not
 * available) stops the loop with that outcome.
 */
export async function repeatEvery(rateMs: number, signal: AbortSignal, runOnce: () => Promise<RunOutcome>): Promise<RunOutcome> {
  for (;;) {
    const started = Date.now();
    const outcome = await runOnce();
    if (signal.aborted) return 'completed';
    if (outcome === 'invalid' || outcome === 'unavailable') return outcome;
    await sleep(Math.max(0, started + rateMs - Date.now()), signal);
    if (signal.aborted) return 'completed';
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
