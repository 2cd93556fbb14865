import type { StorageService } from '../cassandra/storage-service.js';
import { throwIfCancelled } from '../common/errors.js';
import type { OperationContext } from './operation-handler.js';

const DONE_KEY = 'keyspacesDone';

/**
 * Runs one step per keyspace with progress, cancellation between keyspaces, and a checkpoint
 * after each, so a run resumed after a restart skips keyspaces already done.
 */
export async function runPerKeyspace(
  context: OperationContext<unknown>,
  keyspaces: string[],
  step: (keyspace: string) => Promise<void>,
): Promise<void> {
  const done = new Set(context.restore<string[]>(DONE_KEY) ?? []);
  for (const keyspace of keyspaces) {
    if (done.has(keyspace)) continue;
    throwIfCancelled(context.signal);
    await step(keyspace);
    done.add(keyspace);
    await context.checkpoint(DONE_KEY, [...done]);
    await context.progress(done.size / keyspaces.length);
  }
}

/** The keyspace named by a request, or, as nodetool does without one, every non-system keyspace. */
export async function targetKeyspaces(storage: StorageService, keyspace: string | undefined): Promise<string[]> {
  return keyspace ? [keyspace] : storage.nonSystemKeyspaces();
}
