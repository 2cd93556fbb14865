import { copyFile, link, mkdir, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { type ColumnFamilyStore, NODETOOL_IMPORT_DEFAULTS, type ImportOptions } from '../../cassandra/column-family-store.js';
import { errorMessage, OperationFailedError, throwIfCancelled } from '../../common/errors.js';
import type { HashCache } from '../../backups/hash-cache.js';
import { hashFile, type HashAlgorithm } from '../../storage/index.js';
import type { FreshSSTableNames } from './fresh-sstable-names.js';
import type { PlacedFile, PlacedTable } from './restore-placement.js';
import type { RestoreImport } from './restore.request.js';

/**
 * Checks every downloaded file is there with the manifest's hash before anything is imported. Files
 * DOWNLOAD verified and left untouched since (same inode, size and mtime) are not read again;
 * Esop re-hashed every file here.
 */
export async function verifyDownloads(files: PlacedFile[], algorithm: HashAlgorithm, signal: AbortSignal, cache?: HashCache): Promise<void> {
  const bad: string[] = [];
  for (const f of files) {
    throwIfCancelled(signal);
    const info = await stat(f.localPath).catch(() => null);
    if (info?.size !== f.size) {
      bad.push(`${f.localPath} (${info ? `${info.size} bytes, expected ${f.size}` : 'missing'})`);
      continue;
    }
    if (algorithm === 'NONE' || f.hash === undefined) continue;
    const hash = cache?.get(info, algorithm) ?? (await hashFile(f.localPath, algorithm));
    if (hash !== f.hash) bad.push(`${f.localPath} (hash differs)`);
  }
  if (bad.length > 0) throw new OperationFailedError(`Some local files were corrupted or they are missing; run DOWNLOAD again: ${bad.join(', ')}`);
}

/** nodetool import's flags from the request's `import` section; files are always copied (Esop's copyData). */
export function importFlags(options: RestoreImport | undefined, copyData: boolean): ImportOptions {
  const quick = options?.quick ?? false;
  return {
    ...NODETOOL_IMPORT_DEFAULTS,
    resetLevel: !(options?.keepLevel ?? false),
    clearRepaired: !(options?.keepRepaired ?? false),
    verifySSTables: !(options?.noVerify || quick),
    verifyTokens: !(options?.noVerifyTokens || quick),
    invalidateCaches: !(options?.noInvalidateCaches || quick),
    extendedVerify: (options?.extendedVerify ?? false) && !quick,
    copyData,
  };
}

/**
 * IMPORT: Cassandra copies each table's downloaded SSTables in (importNewSSTables), table by table.
 * It is given hard links of the downloads in a staging directory, not the downloads themselves:
 * Cassandra rewrites an SSTable's Statistics.db in place where it imports it (to reset the level and
 * the repaired state), which would make the downloads differ from the backup, and IMPORT impossible
 * to run again.
 */
export async function importTables(
  download: { sourceDir: string; tables: PlacedTable[]; files: PlacedFile[] },
  cfs: ColumnFamilyStore,
  options: RestoreImport | undefined,
  signal: AbortSignal,
): Promise<void> {
  const { tables, files } = download;
  const stagingRoot = join(download.sourceDir, STAGING);
  const failed: string[] = [];
  for (const table of tables) {
    throwIfCancelled(signal);
    const own = files.filter((f) => f.table === table);
    if (own.length === 0) continue;
    const staging = join(stagingRoot, table.keyspace, basename(table.downloadDir));
    try {
      await stage(own, table, staging);
      await cfs.importNewSSTables(table.keyspace, table.table, [staging], importFlags(options, true), { signal });
    } catch (err) {
      failed.push(`${table.keyspace}.${table.table}: ${errorMessage(err)}`);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }
  await rm(stagingRoot, { recursive: true, force: true });
  if (failed.length > 0) throw new OperationFailedError(`Failed tables to import: ${failed.join('; ')}`);
}

const STAGING = '.icarus-import';

/** Hard links (copies across filesystems) of a table's downloads, in their layout, under `staging`. */
async function stage(files: PlacedFile[], table: PlacedTable, staging: string): Promise<void> {
  await rm(staging, { recursive: true, force: true });
  for (const f of files) {
    const target = join(staging, relative(table.downloadDir, f.localPath));
    await mkdir(dirname(target), { recursive: true });
    await link(f.localPath, target).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EXDEV' && err.code !== 'EPERM') throw err;
      await copyFile(f.localPath, target);
    });
  }
}

/**
 * HARDLINKS: hard links from the download directory into the live table directories (an SSTable's
 * components together, data directories in turn), then Cassandra 5.0's table-level
 * `loadNewSSTables()` (deprecated since 4.0 but still there; nodetool refresh calls it), which
 * adopts them under fresh generations. The links get `names` (UUID ids no flush of the live table
 * can take), not the backup's generations. A link target that exists and is not the same file is
 * refused rather than skipped (Esop skipped it and restored a live SSTable in its place); on any
 * failure the links made so far are removed.
 */
export async function hardlinkTables(tables: PlacedTable[], files: PlacedFile[], cfs: ColumnFamilyStore, names: FreshSSTableNames, signal: AbortSignal): Promise<void> {
  const made: string[] = [];
  try {
    for (const table of tables) {
      const sstables = [...new Set(files.filter((f) => f.table === table).map((f) => `${f.indexDir ?? ''}/${f.sstable}`))];
      for (const f of files.filter((file) => file.table === table)) {
        throwIfCancelled(signal);
        const sstable = `${f.indexDir ?? ''}/${f.sstable}`;
        const dir = table.liveDirs[sstables.indexOf(sstable) % table.liveDirs.length];
        const target = join(dir, ...(f.indexDir ? [f.indexDir] : []), names.rename(f.fileName, `${table.keyspace}.${table.table}/${sstable}`));
        if (await sameFile(f.localPath, target)) continue;
        await mkdir(dirname(target), { recursive: true });
        await link(f.localPath, target).catch((err: NodeJS.ErrnoException) => {
          if (err.code === 'EXDEV') throw new OperationFailedError(`HARDLINKS needs the download directory on the filesystem of ${dir}; use IMPORT`);
          if (err.code === 'EEXIST') throw new OperationFailedError(`${target} already exists and is another file`);
          throw err;
        });
        made.push(target);
      }
    }
  } catch (err) {
    for (const target of made) await unlink(target).catch(() => undefined);
    throw new OperationFailedError(`Hardlinking phase finished with errors, links removed: ${errorMessage(err)}`);
  }
  for (const table of tables) await cfs.loadNewSSTables(table.keyspace, table.table, { signal });
}

async function sameFile(a: string, b: string): Promise<boolean> {
  const [sa, sb] = await Promise.all([stat(a).catch(() => null), stat(b).catch(() => null)]);
  return sa !== null && sb !== null && sa.ino === sb.ino && sa.dev === sb.dev;
}
