import { AzureObjectStore } from './azure/azure-object-store.js';
import { azureSecrets, createAzureClient, resolveAzureSettings } from './azure/azure-settings.js';
import { FileObjectStore } from './file/file-object-store.js';
import { GcsObjectStore } from './gcs/gcs-object-store.js';
import { createGcsClient, resolveGcsSettings } from './gcs/gcs-settings.js';
import type { ObjectStore } from './object-store.js';
import { S3ObjectStore } from './s3/s3-object-store.js';
import { createS3Client, resolveS3Settings, s3Secrets, type Env } from './s3/s3-settings.js';
import type { StorageLocation } from './storage-location.js';
import type { StorageRequestOptions } from './storage-options.js';
import type { StorageProvider } from './storage-provider.js';
import { TransferringStorageProvider } from './transfer/transferring-provider.js';

/**
 * Builds the backend for the location's scheme (s3, gcp, azure, file). `env` carries the credential
 * variables (Esop §4.2); src/config passes process.env, tests pass their own, so nothing here reads
 * process.env directly (the AWS and Google SDKs' own default chains still may, as documented).
 */
export function createObjectStore(location: StorageLocation, options: StorageRequestOptions, env: Env): ObjectStore {
  location.validate();
  switch (location.provider) {
    case 's3': {
      const settings = resolveS3Settings(env, options);
      return new S3ObjectStore(createS3Client(settings, options.concurrentConnections), location.bucket, settings.kmsKeyId, s3Secrets(settings));
    }
    case 'gcp':
      return new GcsObjectStore(createGcsClient(resolveGcsSettings(env)), location.bucket);
    case 'azure': {
      const settings = resolveAzureSettings(env, options.insecure);
      return new AzureObjectStore(createAzureClient(settings), location.bucket, azureSecrets(settings));
    }
    case 'file':
      return new FileObjectStore(location.fileBackupDirectory as string, location.bucket);
  }
}

export function createStorageProvider(location: StorageLocation, options: StorageRequestOptions, env: Env): StorageProvider {
  const stall = Number(env.ICARUS_STORAGE_STALL_TIMEOUT_MS);
  return new TransferringStorageProvider(location, createObjectStore(location, options, env), options, stall > 0 ? stall : undefined);
}
