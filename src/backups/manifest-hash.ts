import { ValidationError } from '../common/errors.js';
import type { HashAlgorithm } from '../storage/transfer-options.js';
import { manifestEntries, type Manifest } from './manifest.js';

const SHA256 = /^[0-9a-f]{64}$/;
const CRC32 = /^\d{1,10}$/;
const CRC32_MAX = 0xffffffff;

/** Which algorithm a hash string was made with, or null if it looks like neither. */
export function hashFormat(hash: string): Exclude<HashAlgorithm, 'NONE'> | null {
  if (SHA256.test(hash)) return 'SHA-256';
  if (CRC32.test(hash) && Number(hash) <= CRC32_MAX) return 'CRC';
  return null;
}

/**
 * The hash algorithm to verify a manifest's files with: the one we recorded, else (manifests Esop
 * wrote, which do not record it, §6.2 #17) the one its hashes are unmistakably made with, so a
 * restore no longer has to be told the algorithm the backup used. Null when no entry has a hash (NONE).
 * A manifest whose hashes mix formats or match none is refused rather than half-verified.
 */
export function manifestHashAlgorithm(m: Manifest, name = m.snapshot.name): HashAlgorithm | null {
  if (m.manifest?.hashAlgorithm) return m.manifest.hashAlgorithm;
  let found: { algorithm: HashAlgorithm; objectKey: string } | null = null;
  for (const { entry } of manifestEntries(m)) {
    if (entry.hash === undefined) continue;
    const algorithm = hashFormat(entry.hash);
    if (algorithm === null) {
      throw new ValidationError(`Manifest ${name}: hash "${entry.hash}" of ${entry.objectKey} is neither SHA-256 hex nor a decimal CRC32`);
    }
    if (found && found.algorithm !== algorithm) {
      throw new ValidationError(
        `Manifest ${name} mixes hash algorithms: ${found.objectKey} has a ${found.algorithm} hash, ${entry.objectKey} a ${algorithm} hash`,
      );
    }
    found ??= { algorithm, objectKey: entry.objectKey };
  }
  return found?.algorithm ?? null;
}
