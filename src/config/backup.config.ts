import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
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
  /**
   * Where Kubernetes Secrets are mounted (`<root>/<secretName>/<key>`): a request naming
   * `k8sSecretName` takes its storage credentials from there. Unset: the name is ignored and the
   * environment is used, as Esop did outside Kubernetes.
   */
  k8sSecretsRoot?: string;
}

export const BACKUP_OPTIONS = {
  hashAlgorithm: { key: 'hashAlgorithm', flags: '--hash-algorithm <algorithm>', env: 'ICARUS_HASH_ALGORITHM', default: 'SHA-256',
    description: 'hash of backed-up files when a request names none: SHA-256, CRC or NONE (no verification)' },
  k8sSecretsRoot: { key: 'k8sSecretsRoot', flags: '--k8s-secrets-root <dir>', env: 'ICARUS_K8S_SECRETS_ROOT',
    description: 'directory where Kubernetes Secrets are mounted, one subdirectory per Secret; requests naming k8sSecretName read storage credentials from <dir>/<name>/<key>' },
} satisfies Record<string, OptionSpec>;

export function readBackupConfig(cli: RawValues, env: NodeJS.ProcessEnv, problems: ProblemList): BackupConfig {
  const hash = readParsed(BACKUP_OPTIONS.hashAlgorithm, cli, env, problems, (text) => {
    const upper = text.trim().toUpperCase();
    const found = (['SHA-256', 'CRC', 'NONE'] as const).find((a) => a === upper || a.replace('-', '') === upper);
    if (!found) throw new Error(`'${text}' is not one of SHA-256, CRC, NONE`);
    return found;
  });
  const k8sSecretsRoot = readParsed(BACKUP_OPTIONS.k8sSecretsRoot, cli, env, problems, (text) => {
    if (!existsSync(text) || !statSync(text).isDirectory()) throw new Error(`${text} is not a directory`);
    return resolve(text);
  });
  return { hashAlgorithm: hash ?? 'SHA-256', storageEnv: { ...env }, ...(k8sSecretsRoot ? { k8sSecretsRoot } : {}) };
}
