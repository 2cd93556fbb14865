import { join } from 'node:path';
import { dataObjectKey, parseDataObjectKey } from '../../backups/bucket-layout.js';
import type { HashCache } from '../../backups/hash-cache.js';
import type { KnownObjects } from '../../backups/known-objects.js';
import type { SnapshotComponent, SnapshotTable } from '../../backups/snapshot-scan.js';
import { sstableKeyResolver } from '../../backups/sstable-key.js';
import { runParallel } from '../../common/parallel.js';
import { hashFile, type HashAlgorithm, type StorageLocation, type StorageProvider } from '../../storage/index.js';

/** One file of the snapshot and what the backup does with it. */
export interface PlannedFile {
  table: SnapshotTable;
  component: SnapshotComponent;
  /** Relative to the node path, as the manifest records it. */
  objectKey: string;
  /** `skip`: the bucket already holds this content under objectKey. */
  action: 'skip' | 'upload';
  /** In the backup's algorithm; known for skipped files, computed while uploading for the others. */
  hash?: string;
}

export interface PlanContext {
  location: StorageLocation;
  provider: StorageProvider;
  known: KnownObjects;
  hashCache: HashCache;
  algorithm: HashAlgorithm;
  concurrency: number;
  signal: AbortSignal;
}

/**
 * Decides, for every file of the snapshot, its object key and whether it must be uploaded. The key
 * is Esop's `data/<ks>/<table>-<id>/<generation>-<digest>/<file>`, so identical SSTables are uploaded
 * once across backups (and across Esop and this sidecar). An existing object is reused only when
 * its content is known to equal the file: from the manifests, or by reading it back when no manifest
 * vouches for it. A file whose content differs from what its key holds (a component Cassandra
 * rewrote in place, another tool's object) gets a key of its own, `<generation>-<digest>-<hash>`:
 * an existing object is never overwritten with other content.
 */
export async function planUploads(tables: SnapshotTable[], ctx: PlanContext): Promise<PlannedFile[]> {
  const keyPart = sstableKeyResolver();
  const files = tables.flatMap((table) => table.components.map((component) => ({ table, component })));
  const { results, failures } = await runParallel(
    files,
    ctx.concurrency,
    async ({ table, component }): Promise<PlannedFile> => {
      const dir = join(component.path, '..');
      const part = await keyPart(dir, { prefix: component.sstable, generation: component.generation });
      const objectKey = dataObjectKey({ ...table, indexDir: component.indexDir, keyPart: part, fileName: component.fileName });
      return { table, component, ...(await decide(component, objectKey, ctx)) };
    },
    ctx.signal,
  );
  if (failures.length > 0) throw failures[0].error;
  return results as PlannedFile[];
}

type Decision = Pick<PlannedFile, 'objectKey' | 'action' | 'hash'>;

/**
 * Skip or upload `objectKey`, or move to a key of its own. An object already under a key is never
 * overwritten by other content (an older backup, Esop's or another tool's, may reference it): the
 * file goes to `variantObjectKey` (its hash appended), and if even that holds something else, to the
 * variant with the whole hash; past that the backup fails rather than overwrite.
 */
async function decide(component: SnapshotComponent, objectKey: string, ctx: PlanContext, level = 0): Promise<Decision> {
  const key = ctx.location.nodeKey(objectKey);
  if (ctx.algorithm === 'NONE') {
    // Without hashes there is nothing to compare: Esop's rule, the key alone decides.
    return { objectKey, action: (await ctx.provider.freshen(key)) === 'FRESHENED' ? 'skip' : 'upload' };
  }
  const known = ctx.known.get(objectKey);
  if (known !== undefined && known !== 'ambiguous') {
    const local = await localHash(component, known.algorithm, ctx);
    if (local === known.hash) {
      const hash = known.algorithm === ctx.algorithm ? local : await localHash(component, ctx.algorithm, ctx);
      return (await ctx.provider.freshen(key)) === 'FRESHENED' ? { objectKey, action: 'skip', hash } : { objectKey, action: 'upload' };
    }
    return elsewhere(component, objectKey, ctx, level);
  }
  if ((await ctx.provider.freshen(key)) === 'UPLOAD_REQUIRED') return { objectKey, action: 'upload' };
  // The object exists but no manifest vouches for it (or two disagree): an interrupted upload, another tool's.
  const hash = await localHash(component, ctx.algorithm, ctx);
  if (await remoteHolds(component, objectKey, hash, ctx)) return { objectKey, action: 'skip', hash };
  return elsewhere(component, objectKey, ctx, level);
}

/** The next key for content that differs from what `objectKey` holds. */
async function elsewhere(component: SnapshotComponent, objectKey: string, ctx: PlanContext, level: number): Promise<Decision> {
  const hash = await localHash(component, ctx.algorithm, ctx);
  const base = parseDataObjectKey(objectKey);
  if (level >= 2 || !base) throw new Error(`${ctx.location.nodeKey(objectKey)} holds other content than ${component.path} and its variant keys are taken: not overwritten`);
  const original = level === 0 ? objectKey : dataObjectKey({ ...base, keyPart: base.keyPart.slice(0, base.keyPart.lastIndexOf('-')) });
  return decide(component, variantObjectKey(original, hash, level === 0 ? 16 : hash.length), ctx, level + 1);
}

/** The key for content that differs from what `objectKey` holds: the SSTable directory gets (a prefix of) the file's hash appended. */
export function variantObjectKey(objectKey: string, hash: string, length = 16): string {
  const parts = parseDataObjectKey(objectKey);
  if (!parts) throw new Error(`not a data object key: ${objectKey}`);
  return dataObjectKey({ ...parts, keyPart: `${parts.keyPart}-${hash.slice(0, length)}` });
}

async function localHash(component: SnapshotComponent, algorithm: Exclude<HashAlgorithm, 'NONE'> | HashAlgorithm, ctx: PlanContext): Promise<string> {
  const cached = ctx.hashCache.get(component, algorithm);
  if (cached !== undefined) return cached;
  const hash = await hashFile(component.path, algorithm);
  if (hash === null) throw new Error(`no ${algorithm} hash for ${component.path}`);
  ctx.hashCache.set(component, algorithm, hash);
  return hash;
}

/** Reads the object back and compares (only for objects no manifest vouches for). */
async function remoteHolds(component: SnapshotComponent, objectKey: string, hash: string, ctx: PlanContext): Promise<boolean> {
  const remote = await ctx.provider.remoteHash(ctx.location.nodeKey(objectKey), { signal: ctx.signal });
  return remote.size === component.size && remote.hash === hash;
}
