import { Storage, type StorageOptions } from '@google-cloud/storage';
import type { GcsSettings } from './gcs-settings.js';

/** SDK retries are off: our retry layer decides, so `retry.enabled=false` really means one try. */
export function createGcsClient(settings: GcsSettings): Storage {
  const options: StorageOptions = {
    keyFilename: settings.keyFilename,
    apiEndpoint: settings.apiEndpoint,
    projectId: settings.projectId,
    retryOptions: { autoRetry: false, maxRetries: 0 },
  };
  return new Storage(options);
}
