import { copyFile, mkdir, readdir, rename, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { OperationContext } from '../../operations/operation-handler.js';

const CHECKPOINT = 'movedAside';

interface MovedAside {
  /** Where the files go; null when there was nothing to move. */
  target: string | null;
  done: boolean;
}

/**
 * Esop §4.14 step 2: moves the regular files of the commit-log directory into a sibling
 * `commitlogs-<now ms>`, so Cassandra's next start replays only the restored segments. Runs once
 * per operation: the target is recorded before the first file moves, so a resumed run finishes the
 * same move instead of starting a second one, and a finished move is never repeated (whatever the
 * directory holds by then). Returns the target, or null when nothing was there.
 */
export async function moveCommitLogsAside(commitLogDir: string, context: OperationContext<unknown>): Promise<string | null> {
  const saved = context.restore<MovedAside>(CHECKPOINT);
  if (saved?.done) return saved.target;
  let target = saved?.target ?? null;
  const files = await regularFiles(commitLogDir);
  if (!target) {
    if (files.length === 0) {
      await context.checkpoint(CHECKPOINT, { target: null, done: true } satisfies MovedAside);
      return null;
    }
    target = join(dirname(resolve(commitLogDir)), `commitlogs-${Date.now()}`);
    await context.checkpoint(CHECKPOINT, { target, done: false } satisfies MovedAside);
  }
  await mkdir(target, { recursive: true });
  for (const name of files) await move(join(commitLogDir, name), join(target, name));
  await context.checkpoint(CHECKPOINT, { target, done: true } satisfies MovedAside);
  return target;
}

async function regularFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** rename, or copy and delete when the commit-log directory is a mount of its own (as Java's Files.move). */
async function move(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await copyFile(from, to);
    await unlink(from);
  }
}
