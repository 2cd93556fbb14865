import type { HashCache } from '../../backups/hash-cache.js';
import type { TransferProgress } from '../../operations/transfer-progress.js';
import { hashFile, type HashAlgorithm, type StorageLocation, type StorageProvider } from '../../storage/index.js';
import type { InFlightUploads } from './in-flight-uploads.js';
import { type PlannedFile, variantObjectKey } from './upload-plan.js';

export interface UploadContext {
  location: StorageLocation;
  provider: StorageProvider;
  inFlight: InFlightUploads;
  /** Who holds the in-flight claims: the operation id. */
  owner: string;
  hashCache: HashCache;
  algorithm: HashAlgorithm;
  progress: TransferProgress;
  signal: AbortSignal;
  /** When planning began: uploads other backups finished after it are ones the plan could not see. */
  plannedSince: number;
}

/**
 * Uploads the planned files, in parallel, throttled and hashed while streaming (the storage layer).
 * Keys another backup of this process is uploading right now are not uploaded twice: this backup
 * waits for that upload and keeps it if the content is the same. Returns the plan with every
 * file's final key and hash.
 */
export async function uploadPlanned(plan: PlannedFile[], ctx: UploadContext): Promise<PlannedFile[]> {
  const pending = plan.filter((f) => f.action === 'upload');
  const byClaim = new Map(pending.map((f) => [claimOf(ctx, f.objectKey), f]));
  const { mine, theirs } = ctx.inFlight.claim(ctx.owner, [...byClaim.keys()], ctx.plannedSince);
  const ours = mine.map((claim) => byClaim.get(claim)!);
  ctx.progress.addTotal(ours.reduce((sum, f) => sum + f.component.size, 0));
  try {
    await upload(ours, ctx);
  } finally {
    ctx.inFlight.releaseAll(ctx.owner);
  }
  for (const [claim, done] of theirs) {
    const file = byClaim.get(claim)!;
    const outcome = await done;
    const local = await hashOf(file, ctx);
    if (outcome && (ctx.algorithm === 'NONE' || outcome.hash === local)) {
      file.hash = local;
      file.action = 'skip';
      continue;
    }
    // The other backup failed, or uploaded other content under this key: upload ours, under a key of its own if needed.
    if (outcome && local) file.objectKey = variantObjectKey(file.objectKey, local);
    ctx.progress.addTotal(file.component.size);
    await upload([file], ctx);
  }
  return plan;
}

async function upload(files: PlannedFile[], ctx: UploadContext): Promise<void> {
  if (files.length === 0) return;
  const byKey = new Map(files.map((f) => [ctx.location.nodeKey(f.objectKey) as string, f]));
  const base = ctx.progress.bytesTransferred;
  await ctx.provider.uploadFiles(
    files.map((f) => ({ key: ctx.location.nodeKey(f.objectKey), path: f.component.path, force: true })),
    {
      signal: ctx.signal,
      onProgress: (p) => ctx.progress.update(base + p.transferredBytes),
      onItemDone: (outcome) => {
        const file = byKey.get(outcome.key)!;
        file.hash = outcome.hash ?? undefined;
        if (outcome.hash) ctx.hashCache.set(file.component, ctx.algorithm, outcome.hash);
        ctx.inFlight.settle(ctx.owner, claimOf(ctx, file.objectKey), outcome);
      },
    },
  );
}

async function hashOf(file: PlannedFile, ctx: UploadContext): Promise<string | undefined> {
  const cached = ctx.hashCache.get(file.component, ctx.algorithm);
  return cached ?? (await hashFile(file.component.path, ctx.algorithm)) ?? undefined;
}

/** Claims are per object in a bucket, whichever node path or request names it. */
function claimOf(ctx: UploadContext, objectKey: string): string {
  const { provider, fileBackupDirectory, bucket } = ctx.location;
  return `${provider}:${fileBackupDirectory ?? ''}:${bucket}:${ctx.location.nodeKey(objectKey)}`;
}
