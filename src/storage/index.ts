/**
 * Public surface of the storage layer: backup/restore import from here, never from a cloud SDK.
 *
 * ```ts
 * const location = StorageLocation.parse(request.storageLocation);       // Esop's messages on bad input
 * const storage = createStorageProvider(location, parseStorageRequestOptions(request), process.env);
 * await storage.ensureBucket();                                           // createMissingBucket / skipBucketVerification
 * await storage.uploadFiles(files.map((f) => ({ key: location.nodeKey(f.objectKey), path: f.path })), { signal, onProgress });
 * await storage.uploadText(location.nodeKey(`manifests/${tag}.json`), manifestJson);
 * await storage.downloadFiles(entries.map((e) => ({ key: location.nodeKey(e.objectKey), path: e.localPath, expectedHash: e.hash })));
 * ```
 */
export { bucketKey, listedKey, nodeKey, type RemoteKey } from './remote-key.js';
export { STORAGE_PROVIDERS, StorageLocation, StorageLocationError, type StorageProviderName } from './storage-location.js';
export * from './storage-errors.js';
export * from './storage-options.js';
export * from './transfer-options.js';
export type * from './storage-provider.js';
export type { ObjectStore } from './object-store.js';
export { createObjectStore, createStorageProvider } from './storage-provider-factory.js';
export type { Env } from './s3/s3-settings.js';
export { hashFile } from './transfer/hashing.js';
export { K8S_NAMESPACE, K8S_SECRET_NAME, storageEnvFromSecret } from './k8s-secret.js';
export { PARTIAL_SUFFIX } from './transfer/file-transfers.js';
