import { existsSync } from 'node:fs';
import { StorageCredentialsError } from '../storage-errors.js';
import type { Env } from '../s3/s3-settings.js';

/** GCS client settings (Esop §4.2): a key file, or application default credentials, plus an emulator endpoint. */
export interface GcsSettings {
  /** `GOOGLE_APPLICATION_CREDENTIALS`: path of a service-account JSON key. */
  keyFilename: string | undefined;
  /** `GCS_ENDPOINT`, e.g. fake-gcs-server's `http://127.0.0.1:4443`; a custom endpoint turns auth off in the SDK. */
  apiEndpoint: string | undefined;
  projectId: string | undefined;
}

export function resolveGcsSettings(env: Env): GcsSettings {
  const keyFilename = env.GOOGLE_APPLICATION_CREDENTIALS || undefined;
  if (keyFilename && !existsSync(keyFilename)) {
    throw new StorageCredentialsError(`GCP credentials file ${keyFilename} does not exist!`);
  }
  const apiEndpoint = env.GCS_ENDPOINT || undefined;
  return {
    keyFilename,
    apiEndpoint,
    // An emulator needs some project id, or the SDK tries to discover one from the metadata server.
    projectId: env.GCS_PROJECT_ID || env.GOOGLE_CLOUD_PROJECT || (apiEndpoint ? 'test' : undefined),
  };
}
