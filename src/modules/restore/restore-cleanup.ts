import { readdir, rm, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** A table a restore touched: its live directories and its download directory. */
export interface CleanupTable {
  liveDirs: string[];
  downloadDir: string;
}

/**
 * CLEANUP: the `truncated-*` snapshots TRUNCATE left in the restored tables (unless
 * `noDeleteTruncates`) and the downloaded files (unless `noDeleteDownloads`). Only what the restore
 * itself made goes: Esop deleted every truncated snapshot of the node and the whole download
 * directory, whatever else they held. Running it twice is harmless.
 */
export async function cleanUp(tables: CleanupTable[], sourceDir: string, options: { keepTruncates: boolean; keepDownloads: boolean }): Promise<{ snapshots: number; downloads: number }> {
  let snapshots = 0;
  let downloads = 0;
  if (!options.keepTruncates) {
    for (const dir of tables.flatMap((t) => t.liveDirs)) {
      const names = await readdir(join(dir, 'snapshots')).catch(() => [] as string[]);
      for (const name of names.filter((n) => n.startsWith('truncated-'))) {
        await rm(join(dir, 'snapshots', name), { recursive: true, force: true });
        snapshots++;
      }
    }
  }
  if (!options.keepDownloads) {
    for (const table of tables) {
      if (await readdir(table.downloadDir).then(() => true, () => false)) {
        await rm(table.downloadDir, { recursive: true, force: true });
        downloads++;
      }
      await rmdir(dirname(table.downloadDir)).catch(() => undefined); // the keyspace directory, once empty
    }
    await rm(join(sourceDir, '.icarus-restore.json'), { force: true });
    await rmdir(sourceDir).catch(() => undefined); // only if nothing else is in it
  }
  return { snapshots, downloads };
}
