import { azureSecrets, resolveAzureSettings } from './azure/azure-settings.js';
import { FileObjectStore } from './file/file-object-store.js';
import { resolveGcsSettings } from './gcs/gcs-settings.js';
import { LazyObjectStore } from './lazy-object-store.js';
import type { ObjectStore } from './object-store.js';
import { resolveS3Settings, s3Secrets, type Env } from './s3/s3-settings.js';
import type { StorageLocation } from './storage-location.js';
import type { StorageRequestOptions } from './storage-options.js';
import type { StorageProvider } from './storage-provider.js';
import { TransferringStorageProvider } from './transfer/transferring-provider.js';

/**
 * Builds the backend for the location's scheme (s3, gcp, azure, file). `env` carries the credential
 * variables (Esop §4.2); src/config passes process.env, tests pass their own, so nothing here reads
 * process.env directly (the AWS and Google SDKs' own default chains still may, as documented).
 * Settings are checked here, at once; a cloud SDK is only imported when the store is first used.
 */
export function createObjectStore(location: StorageLocation, options: StorageRequestOptions, env: Env): ObjectStore {
  location.validate();
  const bucket = location.bucket;
  switch (location.provider) {
    case 's3': {
      const settings = resolveS3Settings(env, options);
      return new LazyObjectStore(bucket, true, async () => {
        const [{ S3ObjectStore }, { createS3Client }] = await Promise.all([import('./s3/s3-object-store.js'), import('./s3/s3-client.js')]);
        return new S3ObjectStore(createS3Client(settings, options.concurrentConnections), bucket, settings.kmsKeyId, s3Secrets(settings));
      });
    }
    case 'gcp': {
      const settings = resolveGcsSettings(env);
      return new LazyObjectStore(bucket, false, async () => {
        const [{ GcsObjectStore }, { createGcsClient }] = await Promise.all([import('./gcs/gcs-object-store.js'), import('./gcs/gcs-client.js')]);
        return new GcsObjectStore(createGcsClient(settings), bucket);
      });
    }
    case 'azure': {
      const settings = resolveAzureSettings(env, options.insecure);
      return new LazyObjectStore(bucket, false, async () => {
        const [{ AzureObjectStore }, { createAzureClient }] = await Promise.all([import('./azure/azure-object-store.js'), import('./azure/azure-client.js')]);
        return new AzureObjectStore(createAzureClient(settings), bucket, azureSecrets(settings));
      });
    }
    case 'file':
      return new FileObjectStore(location.fileBackupDirectory as string, bucket);
  }
}

export function createStorageProvider(location: StorageLocation, options: StorageRequestOptions, env: Env): StorageProvider {
  const stall = Number(env.ICARUS_STORAGE_STALL_TIMEOUT_MS);
  return new TransferringStorageProvider(location, createObjectStore(location, options, env), options, stall > 0 ? stall : undefined);
}
