import { ValidationError } from '../common/errors.js';
import {
  parseDataRate,
  parseHashAlgorithm,
  parseRetry,
  parseTime,
  type DataRate,
  type HashAlgorithm,
  type RetrySpec,
  type TimeSpec,
} from './transfer-options.js';

/** `proxySettings` (S3 only). Used when host and port are set; `useProxy` is kept for echoing, as Esop ignores it too. */
export interface ProxySettings {
  useProxy?: boolean;
  proxyHost?: string;
  proxyPort?: number;
  proxyUsername?: string;
  /** Secret: never logged, never echoed in errors. */
  proxyPassword?: string;
  proxyProtocol?: 'http' | 'https';
}

/** Everything a backup/restore request says about storage, in Esop's field names and defaults. */
export interface StorageRequestOptions {
  /** Parallel transfers (Esop `concurrentConnections`, default 10). */
  concurrentConnections: number;
  bandwidth: DataRate | null;
  duration: TimeSpec | null;
  retry: RetrySpec;
  hashAlgorithm: HashAlgorithm;
  createMissingBucket: boolean;
  skipBucketVerification: boolean;
  skipRefreshing: boolean;
  /** Azure: talk http instead of https. */
  insecure: boolean;
  proxySettings: ProxySettings | null;
  /** S3: encrypt objects server-side with this KMS key (SSE-KMS). */
  kmsKeyId: string | null;
}

export const DEFAULT_CONCURRENT_CONNECTIONS = 10;

function bool(json: Record<string, unknown>, field: string): boolean {
  const v = json[field];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw ValidationError.forField(field, 'must be true or false');
  return v;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw ValidationError.forField(field, 'must be a string');
  return value;
}

export function parseProxySettings(input: unknown, field = 'proxySettings'): ProxySettings | null {
  if (input === undefined || input === null) return null;
  if (typeof input !== 'object' || Array.isArray(input)) throw ValidationError.forField(field, 'must be an object');
  const json = input as Record<string, unknown>;
  // The Icarus Go client's model types proxyPort as a string: "8080" is accepted as 8080.
  const port = typeof json.proxyPort === 'string' && /^\s*\d{1,5}\s*$/.test(json.proxyPort) ? Number(json.proxyPort) : json.proxyPort;
  if (port !== undefined && port !== null && (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)) {
    throw ValidationError.forField(`${field}.proxyPort`, 'must be a port number');
  }
  const protocol = optionalString(json.proxyProtocol, `${field}.proxyProtocol`)?.toLowerCase() ?? 'https';
  if (protocol !== 'http' && protocol !== 'https') throw ValidationError.forField(`${field}.proxyProtocol`, 'must be http or https');
  return {
    useProxy: typeof json.useProxy === 'boolean' ? json.useProxy : undefined,
    proxyHost: optionalString(json.proxyHost, `${field}.proxyHost`),
    proxyPort: typeof port === 'number' ? port : undefined,
    proxyUsername: optionalString(json.proxyUsername, `${field}.proxyUsername`),
    proxyPassword: optionalString(json.proxyPassword, `${field}.proxyPassword`),
    proxyProtocol: protocol,
  };
}

/** Reads the storage fields of a request body; unknown fields are ignored, as Esop does. */
export function parseStorageRequestOptions(json: Record<string, unknown>): StorageRequestOptions {
  const connections = json.concurrentConnections;
  if (connections !== undefined && connections !== null && (typeof connections !== 'number' || !Number.isInteger(connections))) {
    throw ValidationError.forField('concurrentConnections', 'must be an integer');
  }
  return {
    concurrentConnections: typeof connections === 'number' && connections > 0 ? connections : DEFAULT_CONCURRENT_CONNECTIONS,
    bandwidth: parseDataRate(json.bandwidth),
    duration: parseTime(json.duration),
    retry: parseRetry(json.retry),
    hashAlgorithm: parseHashAlgorithm(json.hashAlgorithm),
    createMissingBucket: bool(json, 'createMissingBucket'),
    skipBucketVerification: bool(json, 'skipBucketVerification'),
    skipRefreshing: bool(json, 'skipRefreshing'),
    insecure: bool(json, 'insecure'),
    proxySettings: parseProxySettings(json.proxySettings),
    kmsKeyId: optionalString(json.kmsKeyId, 'kmsKeyId') ?? null,
  };
}

/** Proxy URL for the HTTP agent, or null when host or port is missing (Esop's rule). Contains the password: never log it. */
export function proxyUrl(settings: ProxySettings | null): URL | null {
  if (!settings?.proxyHost || !settings.proxyPort) return null;
  const url = new URL(`${settings.proxyProtocol ?? 'https'}://${settings.proxyHost}:${settings.proxyPort}`);
  if (settings.proxyUsername && settings.proxyPassword) {
    url.username = settings.proxyUsername;
    url.password = settings.proxyPassword;
  }
  return url;
}
