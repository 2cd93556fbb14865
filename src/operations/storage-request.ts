import {
  DEFAULT_RETRY,
  HASH_ALGORITHMS,
  K8S_NAMESPACE,
  K8S_SECRET_NAME,
  parseDataRate,
  parseProxySettings,
  parseRetry,
  parseTime,
  StorageLocation,
  storageEnvFromSecret,
  type DataRate,
  type Env,
  type HashAlgorithm,
  type ProxySettings,
  type RetrySpec,
  type StorageRequestOptions,
  type TimeSpec,
} from '../storage/index.js';
import { ValidationError } from '../common/errors.js';
import type { BackupConfig } from '../config/backup.config.js';
import { ParsedField } from './parsed-field.js';
import { BooleanField, EnumField, IntField, StringField } from './request-fields.js';
import { dataRateSchema, PROXY_SETTINGS_SCHEMA, RETRY_SCHEMA, timeSchema } from './value-schemas.js';

/*
 * The storage fields Esop's backup, restore, list, remove and commit-log requests share (§2.2–2.8),
 * with Esop's names and defaults. Nested values keep Esop's JSON form (`{value, unit}`), and their
 * string forms ("1 hour", "10MBPS"), as the Icarus Go client sends them, are accepted too.
 */

function parseLocation(value: unknown): string {
  if (typeof value !== 'string') throw ValidationError.forField('storageLocation', 'must be a string');
  return StorageLocation.parse(value).rawLocation;
}

/** Fields of every request that talks to a bucket. */
export abstract class StorageRequest {
  @ParsedField(
    { type: String, description: 's3|gcp|azure://bucket[/cluster/dc/node] or file:///dir/bucket/cluster/dc/node', example: 's3://bucket/cluster/dc1/node1' },
    parseLocation,
    { required: true },
  )
  storageLocation: string;

  @IntField('parallel transfers', { default: 10, min: 1, max: 1000 }) concurrentConnections = 10;
  @BooleanField('Azure: talk http instead of https') insecure = false;
  @BooleanField('do not check that the bucket exists') skipBucketVerification = false;

  @ParsedField(PROXY_SETTINGS_SCHEMA, (v) => parseProxySettings(v), { echo: 'as-sent' })
  proxySettings?: ProxySettings;

  @ParsedField({ ...RETRY_SCHEMA, default: DEFAULT_RETRY }, (v) => parseRetry(v))
  retry: RetrySpec = { ...DEFAULT_RETRY };

  @StringField('S3: server-side encryption with this KMS key id') kmsKeyId?: string;

  @EnumField('hash of each file, recorded in the manifest and verified on restore', HASH_ALGORITHMS)
  hashAlgorithm?: HashAlgorithm;

  @StringField(
    'Kubernetes Secret holding the storage credentials (Esop 2.x keys awsaccesskeyid, awssecretaccesskey, awsregion, ' +
      'awsendpoint, azurestorageaccount, azurestoragekey, gcp), mounted under --k8s-secrets-root; absent: the environment',
    { pattern: K8S_SECRET_NAME, patternMessage: 'must be a Kubernetes Secret name (lower-case letters, digits, - and .)' },
  )
  k8sSecretName?: string;

  @StringField("namespace of that Secret (CassKop sends the cluster's); a pod mounts Secrets of its own namespace only", {
    pattern: K8S_NAMESPACE,
    patternMessage: 'must be a Kubernetes namespace name',
  })
  k8sNamespace?: string;
}

/**
 * The environment the request's storage provider takes its credentials from: the Secret it names
 * when the sidecar has a secrets root (Esop read the Secret only when running in Kubernetes),
 * otherwise the process environment. A 400 naming `k8sSecretName` when the Secret is unusable.
 */
export function storageEnvOf(request: Pick<StorageRequest, 'storageLocation' | 'k8sSecretName'>, backup: BackupConfig): Env {
  if (!request.k8sSecretName || !backup.k8sSecretsRoot) return backup.storageEnv;
  const { provider } = StorageLocation.parse(request.storageLocation);
  return storageEnvFromSecret(backup.storageEnv, backup.k8sSecretsRoot, request.k8sSecretName, provider);
}

/** Fields of requests that upload (backup, commit-log backup). */
export abstract class UploadRequest extends StorageRequest {
  @ParsedField(dataRateSchema('upload at most this fast: {value, unit BPS|KBPS|MBPS|GBPS} or "10MBPS"; echoed as {value, unit}'), (v) => parseDataRate(v))
  bandwidth?: DataRate;

  @ParsedField(timeSchema('spread the upload over at least this long: {value, unit SECONDS..DAYS} or "1 hour"; echoed as sent'), (v) => parseTime(v), { echo: 'as-sent' })
  duration?: TimeSpec;

  @BooleanField('create the bucket when it does not exist') createMissingBucket = false;
  @BooleanField('do not renew the age of objects that are already uploaded') skipRefreshing = false;
  @StringField('accepted for compatibility; has no effect (Esop 3.x ignores it too)', { default: 'COPY' }) metadataDirective = 'COPY';
}

/** The transfer options of a validated request, for createStorageProvider. */
export function storageOptionsOf(request: StorageRequest & Partial<UploadRequest>, defaultHash: HashAlgorithm): StorageRequestOptions {
  return {
    concurrentConnections: request.concurrentConnections,
    bandwidth: request.bandwidth ?? null,
    duration: request.duration ?? null,
    retry: request.retry,
    hashAlgorithm: request.hashAlgorithm ?? defaultHash,
    createMissingBucket: request.createMissingBucket ?? false,
    skipBucketVerification: request.skipBucketVerification,
    skipRefreshing: request.skipRefreshing ?? false,
    insecure: request.insecure,
    proxySettings: request.proxySettings ?? null,
    kmsKeyId: request.kmsKeyId ?? null,
  };
}
