import type { HashAlgorithm } from '../storage/index.js';
import { manifestEntries } from './manifest.js';
import { manifestHashAlgorithm } from './manifest-hash.js';
import type { StoredManifest } from './node-manifests.js';

/** What the node's manifests say an object holds. */
export type KnownContent = { algorithm: Exclude<HashAlgorithm, 'NONE'>; hash: string } | 'ambiguous';

/**
 * The content of every object the node's backups reference, as their manifests record it. A backup
 * compares a file with this before it skips the upload of an existing key: Esop skips on the key
 * alone, so a component Cassandra rewrote in place (Statistics.db, when SSTables are marked repaired)
 * was recorded with its new hash against the old object, and that backup failed verification on
 * restore. A key two manifests disagree about (written by Esop, with that bug) is ambiguous.
 */
export class KnownObjects {
  private readonly objects = new Map<string, KnownContent>();

  static fromManifests(manifests: readonly StoredManifest[]): KnownObjects {
    const known = new KnownObjects();
    for (const { name, manifest } of manifests) {
      const algorithm = manifestHashAlgorithm(manifest, name);
      if (algorithm === null || algorithm === 'NONE') continue;
      for (const { entry } of manifestEntries(manifest)) {
        if (entry.hash !== undefined) known.add(entry.objectKey, algorithm, entry.hash);
      }
    }
    return known;
  }

  get(objectKey: string): KnownContent | undefined {
    return this.objects.get(objectKey);
  }

  add(objectKey: string, algorithm: Exclude<HashAlgorithm, 'NONE'>, hash: string): void {
    const existing = this.objects.get(objectKey);
    if (existing === undefined) this.objects.set(objectKey, { algorithm, hash });
    else if (existing !== 'ambiguous' && existing.algorithm === algorithm && existing.hash !== hash) this.objects.set(objectKey, 'ambiguous');
  }
}
