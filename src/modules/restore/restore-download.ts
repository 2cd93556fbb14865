import { stat, statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { HashCache } from '../../backups/hash-cache.js';
import { OperationFailedError } from '../../common/errors.js';
import type { OperationContext } from '../../operations/operation-handler.js';
import { TransferProgress } from '../../operations/transfer-progress.js';
import type { HashAlgorithm, StorageLocation, StorageProvider } from '../../storage/index.js';

/** A file to fetch: where from, where to, and what it must hash to. */
export interface Download {
  objectKey: string;
  localPath: string;
  size: number;
  hash?: string;
}

/**
 * Downloads the files of a restore, verified against the manifest's hashes. Files already there
 * with the right hash are kept, and a partly downloaded file continues from its last byte (the
 * storage layer), so a restore resumed after a crash fetches only what is missing. Before anything
 * is fetched, the bytes still to fetch are compared with the free space of the target's filesystem.
 */
export async function downloadVerified(
  files: Download[],
  ctx: {
    provider: StorageProvider;
    location: StorageLocation;
    algorithm: HashAlgorithm;
    context: OperationContext<unknown>;
    spaceCheckDir: string;
    /** Remembers the verified files, so IMPORT need not hash them again. */
    hashCache?: HashCache;
  },
): Promise<{ fetched: number; kept: number }> {
  const missing = await bytesMissing(files);
  const free = await freeBytes(ctx.spaceCheckDir);
  if (missing > free) {
    throw new OperationFailedError(
      `Not enough space to download the backup into ${ctx.spaceCheckDir}: ${missing} bytes to fetch, ${free} bytes free; nothing was downloaded`,
    );
  }
  const progress = new TransferProgress(ctx.context, files.reduce((sum, f) => sum + f.size, 0));
  const verify = ctx.algorithm !== 'NONE';
  const outcomes = await ctx.provider.downloadFiles(
    files.map((f) => ({ key: ctx.location.nodeKey(f.objectKey), path: f.localPath, expectedHash: verify ? (f.hash ?? null) : null })),
    { signal: ctx.context.signal, onProgress: (p) => progress.update(p.transferredBytes) },
  );
  await progress.report(Date.now(), true);
  if (ctx.hashCache && verify) {
    for (const o of outcomes) if (o.hash) ctx.hashCache.set(await stat(o.path), ctx.algorithm, o.hash);
    await ctx.hashCache.save();
  }
  const kept = outcomes.filter((o) => o.skipped).length;
  return { fetched: outcomes.length - kept, kept };
}

/** Bytes of the files not already there in full (a file of the right size is verified, not fetched). */
async function bytesMissing(files: Download[]): Promise<number> {
  let total = 0;
  for (const f of files) {
    const size = await stat(f.localPath).then((s) => s.size, () => -1);
    if (size !== f.size) total += f.size;
  }
  return total;
}

/** Free bytes (for unprivileged users) of the filesystem holding `dir`, or its nearest existing parent. */
export async function freeBytes(dir: string): Promise<number> {
  let probe = dir;
  for (;;) {
    try {
      const fs = await statfs(probe);
      return fs.bavail * fs.bsize;
    } catch (err) {
      const parent = dirname(probe);
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || parent === probe) throw err;
      probe = parent;
    }
  }
}
