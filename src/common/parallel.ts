import { CancelledError } from './errors.js';

export interface ParallelOutcome<R> {
  results: (R | undefined)[];
  failures: { index: number; error: unknown }[];
}

/**
 * Runs `work` over `items` with at most `concurrency` in flight. After the first failure no new item
 * starts (Esop ends a session when one unit fails), but items in flight finish, so their outcome is known.
 */
export async function runParallel<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<ParallelOutcome<R>> {
  const results: (R | undefined)[] = new Array(items.length);
  const failures: { index: number; error: unknown }[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && failures.length === 0 && !signal?.aborted) {
      const index = next++;
      try {
        results[index] = await work(items[index], index);
      } catch (error) {
        failures.push({ index, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  if (signal?.aborted) throw new CancelledError();
  return { results, failures };
}
