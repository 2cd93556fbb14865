import { BlobServiceClient, StorageSharedKeyCredential, type StoragePipelineOptions } from '@azure/storage-blob';
import type { AzureSettings } from './azure-settings.js';

/** One try per SDK call: our retry layer decides (`retry.enabled=false` means no retry at all). */
export function createAzureClient(settings: AzureSettings): BlobServiceClient {
  const options: StoragePipelineOptions = { retryOptions: { maxTries: 1 } };
  if (settings.kind === 'connectionString') return BlobServiceClient.fromConnectionString(settings.connectionString, options);
  return new BlobServiceClient(settings.endpoint, new StorageSharedKeyCredential(settings.account, settings.key), options);
}
