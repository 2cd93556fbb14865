import { readdir, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { removeMarker } from './restore-marker.js';

/** A table a restore touched: its live directories and its download directory. */
export interface CleanupTable {
  liveDirs: string[];
  downloadDir: string;
}

/**
 * CLEANUP: the `truncated-*` snapshots this restore's TRUNCATE made (as its marker recorded them;
 * `noDeleteTruncates` passes none), the downloaded files (unless `keepDownloads`), then the marker:
 * the restore is over. Esop deleted every truncated snapshot of the node, an operator's own too, and
 * the whole download directory, whatever else they held. Running it twice is harmless.
 */
export async function cleanUp(
  tables: CleanupTable[],
  sourceDir: string,
  options: { truncatedByRestore: readonly string[]; keepDownloads: boolean },
): Promise<{ snapshots: number; downloads: number }> {
  let snapshots = 0;
  let downloads = 0;
  const snapshotDirs = new Set(tables.flatMap((t) => t.liveDirs.map((d) => join(d, 'snapshots'))));
  for (const snapshot of options.truncatedByRestore) {
    // Only a truncated-* snapshot of a restored table, whatever the marker file says.
    if (!snapshotDirs.has(dirname(snapshot)) || !basename(snapshot).startsWith('truncated-')) continue;
    if (await readdir(snapshot).then(() => true, () => false)) snapshots++;
    await rm(snapshot, { recursive: true, force: true });
  }
  if (!options.keepDownloads) {
    for (const table of tables) {
      if (await readdir(table.downloadDir).then(() => true, () => false)) {
        await rm(table.downloadDir, { recursive: true, force: true });
        downloads++;
      }
      await rmdir(dirname(table.downloadDir)).catch(() => undefined); // the keyspace directory, once empty
    }
  }
  await removeMarker(sourceDir);
  if (!options.keepDownloads) await rmdir(sourceDir).catch(() => undefined); // only if nothing else is in it
  return { snapshots, downloads };
}
