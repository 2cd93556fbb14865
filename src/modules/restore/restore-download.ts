import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { HashCache } from '../../backups/hash-cache.js';
import { requireSpace, type SpaceNeed } from '../../common/disk-space.js';
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
 * is fetched, the bytes still to fetch (and what the caller will write next, `space.later`) are
 * compared with the free space of every filesystem they go to.
 */
export async function downloadVerified(
  files: Download[],
  ctx: {
    provider: StorageProvider;
    location: StorageLocation;
    algorithm: HashAlgorithm;
    context: OperationContext<unknown>;
    /** What a lack of space leaves untouched (for the error), and what is written after the download. */
    space: { outcome: string; later?: SpaceNeed[] };
    /** Remembers the verified files, so IMPORT need not hash them again. */
    hashCache?: HashCache;
  },
): Promise<{ fetched: number; kept: number }> {
  await requireObjects(files, ctx.provider, ctx.location, ctx.space.outcome);
  await requireSpace([...(await downloadNeeds(files, ctx.algorithm)), ...(ctx.space.later ?? [])], ctx.space.outcome);
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

/**
 * Every object to fetch is in storage with the manifest's size (one listing per table directory),
 * so a backup missing an object fails before a file is written, naming what is missing.
 */
async function requireObjects(files: Download[], provider: StorageProvider, location: StorageLocation, outcome: string): Promise<void> {
  const prefixes = [...new Set(files.map((f) => f.objectKey.slice(0, f.objectKey.lastIndexOf('/', f.objectKey.lastIndexOf('/') - 1) + 1)))];
  const stored = new Map<string, number>();
  for (const prefix of prefixes) for (const o of await provider.list(location.nodeKey(prefix))) stored.set(o.key, o.size);
  const wrong = files.filter((f) => stored.get(location.nodeKey(f.objectKey)) !== f.size);
  if (wrong.length === 0) return;
  const shown = wrong.slice(0, 10).map((f) => {
    const size = stored.get(location.nodeKey(f.objectKey));
    return `${f.objectKey} (${size === undefined ? 'missing' : `${size} bytes, the manifest says ${f.size}`})`;
  });
  throw new OperationFailedError(`The backup's objects are not all in ${location.rawLocation}: ${shown.join(', ')}${wrong.length > 10 ? `, … (${wrong.length} in all)` : ''}; ${outcome}`);
}

/**
 * Bytes still to fetch, per target directory. A file of the right size with a hash to check is
 * counted as there (it is verified, not fetched); one without a hash is always fetched again.
 */
export async function downloadNeeds(files: Download[], algorithm: HashAlgorithm): Promise<SpaceNeed[]> {
  const byDir = new Map<string, number>();
  for (const f of files) {
    const size = await stat(f.localPath).then((s) => s.size, () => -1);
    const verifiable = algorithm !== 'NONE' && f.hash !== undefined;
    if (size === f.size && verifiable) continue;
    byDir.set(dirname(f.localPath), (byDir.get(dirname(f.localPath)) ?? 0) + f.size);
  }
  return [...byDir].map(([dir, bytes]) => ({ dirs: [dir], bytes, what: 'the download' }));
}
