import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../common/errors.js';
import type { Env } from './s3/s3-settings.js';
import type { StorageProviderName } from './storage-location.js';

/*
 * Storage credentials from a Kubernetes Secret mounted as files (Esop ≤ 2.x §4.2.2, requested by
 * CassKop through `k8sSecretName`): `<root>/<secretName>/<key>`, with Esop's keys. Esop read the
 * Secret through the Kubernetes API; a mounted Secret needs no API access or RBAC for the sidecar,
 * and Kubernetes refreshes the files when the Secret changes, so every request reads them anew.
 * The values become the environment variables the providers already read (§4.2.1), replacing the
 * process' own credentials, so one request never mixes the Secret's key with another's.
 */

const FIELD = 'k8sSecretName';

/** Per provider: Secret key → the variable it fills, and whether the provider cannot do without it. */
const SECRET_KEYS: Record<Exclude<StorageProviderName, 'file'>, Array<{ key: string; variable: string; required: boolean }>> = {
  s3: [
    { key: 'awsaccesskeyid', variable: 'AWS_ACCESS_KEY_ID', required: true },
    { key: 'awssecretaccesskey', variable: 'AWS_SECRET_ACCESS_KEY', required: true },
    { key: 'awsregion', variable: 'AWS_REGION', required: false },
    { key: 'awsendpoint', variable: 'AWS_ENDPOINT', required: false },
    { key: 'awskmskeyid', variable: 'AWS_KMS_KEY_ID', required: false },
  ],
  azure: [
    { key: 'azurestorageaccount', variable: 'AZURE_STORAGE_ACCOUNT', required: true },
    { key: 'azurestoragekey', variable: 'AZURE_STORAGE_KEY', required: true },
  ],
  // The key file is used where it is mounted: it never needs copying.
  gcp: [{ key: 'gcp', variable: 'GOOGLE_APPLICATION_CREDENTIALS', required: true }],
};

/** Credentials of the process environment that a Secret replaces, so they never mix with its own. */
const REPLACED: Record<Exclude<StorageProviderName, 'file'>, string[]> = {
  s3: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN'],
  azure: ['AZURE_STORAGE_ACCOUNT', 'AZURE_STORAGE_KEY', 'AZURE_STORAGE_CONNECTION_STRING'],
  gcp: ['GOOGLE_APPLICATION_CREDENTIALS'],
};

/** Kubernetes object names (DNS subdomains): also keeps `/` and `..` out of the path. */
export const K8S_SECRET_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Kubernetes namespaces (DNS labels). */
export const K8S_NAMESPACE = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The environment a request's storage provider uses: `env` with the provider's credentials taken
 * from the mounted Secret `secretName`. A `file://` location needs none and gets `env` unchanged.
 * Throws a ValidationError naming `k8sSecretName` when the Secret is not mounted or lacks a key
 * the provider needs; messages name files and keys, never their contents.
 */
export function storageEnvFromSecret(env: Env, root: string, secretName: string, provider: StorageProviderName): Env {
  if (provider === 'file') return env;
  if (!K8S_SECRET_NAME.test(secretName)) {
    throw ValidationError.forField(FIELD, 'must be a Kubernetes Secret name (lower-case letters, digits, - and .)');
  }
  const dir = join(root, secretName);
  const present = secretKeys(dir, secretName, root);
  const out: Record<string, string | undefined> = { ...env };
  for (const variable of REPLACED[provider]) delete out[variable];
  for (const { key, variable, required } of SECRET_KEYS[provider]) {
    const path = join(dir, key);
    if (!present.has(key)) {
      if (required) throw ValidationError.forField(FIELD, `Secret '${secretName}' has no key '${key}', which ${provider} needs (no file ${path})`);
      continue;
    }
    out[variable] = key === 'gcp' ? path : readValue(path, secretName, key);
    if (out[variable] === '' && required) throw ValidationError.forField(FIELD, `Secret '${secretName}' has an empty '${key}'`);
  }
  return out;
}

/** The keys of a mounted Secret (Kubernetes adds `..data` and friends, which are no keys). */
function secretKeys(dir: string, secretName: string, root: string): Set<string> {
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    return new Set(readdirSync(dir).filter((name) => !name.startsWith('..')));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw ValidationError.forField(
      FIELD,
      `Secret '${secretName}' is not mounted under the secrets root ${root} (${code === 'ENOENT' ? `no directory ${dir}` : `${dir}: ${code ?? (err as Error).message}`})`,
    );
  }
}

/** A key's value; the line break `echo`/`kubectl --from-file` often leaves at the end is not part of it. */
function readValue(path: string, secretName: string, key: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    throw ValidationError.forField(FIELD, `cannot read key '${key}' of Secret '${secretName}' (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
