import { proxyUrl, type StorageRequestOptions } from '../storage-options.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** How the S3 client is built, resolved from the environment (Esop §4.2) and the request. */
export interface S3Settings {
  region: string | undefined;
  /** `AWS_ENDPOINT`: an S3-compatible store (versitygw, Ceph, …); Esop 3.x read it but never used it. */
  endpoint: string | undefined;
  forcePathStyle: boolean;
  /** Static keys from the env; undefined lets the SDK's default chain (profile, web identity, ECS, EC2) decide. */
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined;
  kmsKeyId: string | null;
  requestChecksumCalculation: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED' | undefined;
  responseChecksumValidation: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED' | undefined;
  proxy: URL | null;
}

function checksumMode(value: string | undefined): 'WHEN_SUPPORTED' | 'WHEN_REQUIRED' | undefined {
  const upper = value?.toUpperCase();
  return upper === 'WHEN_REQUIRED' || upper === 'WHEN_SUPPORTED' ? upper : undefined;
}

export function resolveS3Settings(env: Env, options: StorageRequestOptions): S3Settings {
  const endpoint = env.AWS_ENDPOINT || undefined;
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  return {
    // A custom endpoint needs some region for signing; S3-compatible stores accept us-east-1.
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || (endpoint ? 'us-east-1' : undefined),
    endpoint,
    forcePathStyle: (env.AWS_ENABLE_PATH_STYLE_ACCESS ?? '').toLowerCase() === 'true',
    credentials:
      accessKeyId && secretAccessKey
        ? { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) }
        : undefined,
    kmsKeyId: options.kmsKeyId ?? (env.AWS_KMS_KEY_ID || null),
    requestChecksumCalculation: checksumMode(env.AWS_REQUEST_CHECKSUM_CALCULATION),
    responseChecksumValidation: checksumMode(env.AWS_RESPONSE_CHECKSUM_VALIDATION),
    proxy: proxyUrl(options.proxySettings),
  };
}

/** Secrets of these settings, for redaction of error messages. */
export function s3Secrets(settings: S3Settings): string[] {
  return [settings.credentials?.secretAccessKey, settings.credentials?.sessionToken, settings.proxy?.password].filter(
    (s): s is string => !!s,
  );
}
