import { type OptionSpec, type ProblemList, type RawValues, readParsed } from './option.js';

/** Hash algorithms of backup manifests (Esop's --hash-algorithm). */
export type ConfiguredHash = 'SHA-256' | 'CRC' | 'NONE';

/** Backup and restore defaults of this sidecar (requests may override them). */
export interface BackupConfig {
  /** Hash of each backed-up file, recorded in the manifest and verified on restore. */
  hashAlgorithm: ConfiguredHash;
  /**
   * The environment the storage providers take their credentials and endpoints from (AWS_*,
   * GOOGLE_APPLICATION_CREDENTIALS, AZURE_STORAGE_*, …, Esop §4.2). Holds secrets: never logged.
   */
  storageEnv: Readonly<Record<string, string | undefined>>;
}

export const BACKUP_OPTIONS = {
  hashAlgorithm: { key: 'hashAlgorithm', flags: '--hash-algorithm <algorithm>', env: 'ICARUS_HASH_ALGORITHM', default: 'SHA-256',
    description: 'hash of backed-up files when a request names none: SHA-256, CRC or NONE (no verification)' },
} satisfies Record<string, OptionSpec>;

export function readBackupConfig(cli: RawValues, env: NodeJS.ProcessEnv, problems: ProblemList): BackupConfig {
  const hash = readParsed(BACKUP_OPTIONS.hashAlgorithm, cli, env, problems, (text) => {
    const upper = text.trim().toUpperCase();
    const found = (['SHA-256', 'CRC', 'NONE'] as const).find((a) => a === upper || a.replace('-', '') === upper);
    if (!found) throw new Error(`'${text}' is not one of SHA-256, CRC, NONE`);
    return found;
  });
  return { hashAlgorithm: hash ?? 'SHA-256', storageEnv: { ...env } };
}
