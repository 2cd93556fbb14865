import { mkdir, readdir, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { runParallel } from '../../common/parallel.js';
import { OperationFailedError, ValidationError } from '../../common/errors.js';
import type { OperationContext } from '../../operations/operation-handler.js';
import { TransferProgress } from '../../operations/transfer-progress.js';
import { PARTIAL_SUFFIX, type StorageProvider, TransferFailedError } from '../../storage/index.js';
import type { ArchivedSegment } from './segment-window.js';

const DOWNLOADED = 'downloaded';

/**
 * The download directory becomes `restore_directories`, which Cassandra splits at commas, and each
 * segment's path goes into `restore_command`, which it splits at spaces. It must also stay out of
 * the commit-log directory, whose files are moved aside and into which Cassandra copies the segments.
 */
export function checkDownloadDirectory(downloadDir: string, commitLogDir: string): void {
  if (/[,\s]/.test(downloadDir)) {
    throw ValidationError.forField('commitlogDownloadDir', 'must not contain commas or white space (Cassandra splits restore_directories at commas and restore_command at spaces)');
  }
  if (downloadDir === commitLogDir || downloadDir.startsWith(commitLogDir.endsWith(sep) ? commitLogDir : commitLogDir + sep)) {
    throw ValidationError.forField('commitlogDownloadDir', `must not be the commit-log directory ${commitLogDir} or inside it`);
  }
}

/**
 * Cassandra replays every file of `restore_directories` and refuses to start on one that is not a
 * segment, so the directory may hold only the segments of this restore (and their partial downloads).
 */
export async function checkDownloadDirectoryHoldsOnly(downloadDir: string, segments: readonly ArchivedSegment[]): Promise<void> {
  const allowed = new Set(segments.flatMap((s) => [s.fileName, s.fileName + PARTIAL_SUFFIX]));
  const entries = await readdir(downloadDir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw err;
  });
  const foreign = entries.filter((e) => !allowed.has(e)).sort();
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? `, … (${foreign.length} in all)` : '');
    throw new OperationFailedError(`commitlogDownloadDir ${downloadDir} holds entries that are not segments of this restore: ${shown}. ` +
      'Cassandra would replay every file there (and refuses to start on anything else): empty it or choose another directory');
  }
}

/**
 * Downloads the segments into `<downloadDir>/<CommitLog-…log>`, `concurrentConnections` at a time.
 * Segments have no hash in the bucket, so they are not verified; an interrupted file continues from
 * its partial download, and one finished in an earlier run (recorded, same size) is not fetched again.
 */
export async function downloadSegments(
  context: OperationContext<{ concurrentConnections: number }>,
  provider: StorageProvider,
  segments: readonly ArchivedSegment[],
  downloadDir: string,
): Promise<void> {
  const done = new Set(context.restore<string[]>(DOWNLOADED) ?? []);
  const progress = new TransferProgress(context, segments.reduce((sum, s) => sum + s.size, 0));
  const bytes = new Map<string, number>();
  const report = () => progress.update([...bytes.values()].reduce((a, b) => a + b, 0));
  const todo: ArchivedSegment[] = [];
  for (const segment of segments) {
    const size = await stat(join(downloadDir, segment.fileName)).then((s) => s.size, () => null);
    if (done.has(segment.objectKey) && size === segment.size) bytes.set(segment.objectKey, segment.size);
    else todo.push(segment);
  }
  report();
  await mkdir(downloadDir, { recursive: true });
  const { failures } = await runParallel(todo, context.request.concurrentConnections, async (segment) => {
    await provider.downloadFile(provider.location.nodeKey(segment.objectKey), join(downloadDir, segment.fileName), null, {
      signal: context.signal,
      onProgress: (p) => {
        bytes.set(segment.objectKey, p.fileBytes);
        report();
      },
    });
    bytes.set(segment.objectKey, segment.size);
    done.add(segment.objectKey);
    await context.checkpoint(DOWNLOADED, [...done]);
  }, context.signal);
  if (failures.length > 0) {
    throw new TransferFailedError('download', failures.map((f) => ({ key: todo[f.index].objectKey, error: f.error })));
  }
  await progress.report(Date.now(), true);
}
