import { StorageCredentialsError } from '../storage-errors.js';
import type { Env } from '../s3/s3-settings.js';

/** Azure credentials (Esop HEAD §4.2): a connection string xor account + key; messages are Esop's. */
export type AzureSettings =
  | { kind: 'connectionString'; connectionString: string }
  | { kind: 'sharedKey'; account: string; key: string; endpoint: string };

export function resolveAzureSettings(env: Env, insecure: boolean): AzureSettings {
  const connectionString = env.AZURE_STORAGE_CONNECTION_STRING || undefined;
  const account = env.AZURE_STORAGE_ACCOUNT || undefined;
  const key = env.AZURE_STORAGE_KEY || undefined;
  const sharedKey = account !== undefined && key !== undefined;
  if (connectionString && sharedKey) {
    throw new StorageCredentialsError(
      'Both AZURE_STORAGE_CONNECTION_STRING and AZURE_STORAGE_ACCOUNT/AZURE_STORAGE_KEY are set. Please set only one method of authentication.',
    );
  }
  if (connectionString) return { kind: 'connectionString', connectionString };
  if (!sharedKey) {
    throw new StorageCredentialsError(
      'Azure credentials are not set. Please set either AZURE_STORAGE_CONNECTION_STRING or both AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY environment variables.',
    );
  }
  // AZURE_STORAGE_ENDPOINT points at Azurite or a sovereign cloud; `insecure` switches the default endpoint to http.
  const endpoint = env.AZURE_STORAGE_ENDPOINT || `${insecure ? 'http' : 'https'}://${account}.blob.core.windows.net`;
  return { kind: 'sharedKey', account, key, endpoint };
}

export function azureSecrets(settings: AzureSettings): string[] {
  if (settings.kind === 'sharedKey') return [settings.key];
  const key = /AccountKey=([^;]+)/i.exec(settings.connectionString)?.[1];
  return [settings.connectionString, ...(key ? [key] : [])];
}
