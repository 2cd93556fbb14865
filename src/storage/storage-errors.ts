import { NotFoundError, OperationFailedError, SidecarError, UnavailableError, UpstreamError, ValidationError } from '../common/errors.js';

/** The object a transfer needs is not in the bucket; retrying will not make it appear. */
export class ObjectNotFoundError extends NotFoundError {}

/** Esop's refusal when the bucket is missing and may not be created. */
export class BucketNotFoundError extends NotFoundError {
  constructor(bucket: string) {
    super(
      `Bucket ${bucket} does not exist and createMissingBucket in JSON or --create-missing-bucket from console is false! Can not continue!`,
    );
  }
}

/** Credentials are missing or contradictory (message names the variables, never their values). */
export class StorageCredentialsError extends ValidationError {}

/** The store refused us (401/403, wrong key, no permission): a retry with the same credentials cannot help. */
export class StorageAccessError extends UpstreamError {}

/** A downloaded file's hash differs from the manifest's; the local file has been deleted. A retry re-downloads it. */
export class HashMismatchError extends UnavailableError {
  constructor(key: string, path: string, expected: string, actual: string | null) {
    super(`Hash mismatch for ${key}: expected ${expected}, got ${actual ?? 'none'}; deleted local file ${path}`);
  }
}

/**
 * The local filesystem is full (ENOSPC) or over quota (EDQUOT) while a download writes. Retrying
 * cannot help until someone frees space; the partial file has been removed.
 */
export class DiskFullError extends OperationFailedError {
  constructor(path: string, key: string, cause: unknown) {
    super(`No space left on the device holding ${path} while downloading ${key}; the partial file was removed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/** Node's codes for "the filesystem is full" and "over the user's disk quota". */
export function isDiskFull(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/** One or more files of a batch failed; the message names them (Esop: "Unable to upload some files successfully: ..."). */
export class TransferFailedError extends OperationFailedError {
  override readonly retryable: boolean;
  constructor(
    direction: 'upload' | 'download',
    readonly failures: { key: string; error: unknown }[],
  ) {
    const first = failures[0]?.error;
    super(
      `Unable to ${direction} some files successfully: ${failures.map((f) => f.key).join(', ')}` +
        (first instanceof Error ? ` (first error: ${first.message})` : ''),
    );
    this.retryable = failures.every((f) => isRetryable(f.error));
  }
}

/** Unknown errors (network resets, 5xx mapped by the SDKs) are worth another try; domain errors say so themselves. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof SidecarError) return err.retryable;
  if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) return false;
  return true;
}

/** Maps an HTTP status from any SDK to our error types; 5xx, 408, 429 and status-less network errors stay retryable. */
export function fromHttpStatus(status: number | undefined, message: string, cause: unknown): Error {
  if (status === 404) return new ObjectNotFoundError(message);
  if (status === 401 || status === 403) return new StorageAccessError(message, { cause });
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return new UpstreamError(message, { cause });
  }
  return new UnavailableError(message, { cause });
}

/**
 * Removes secrets (keys, connection strings, proxy passwords) from a message. Every provider passes
 * errors through this before they leave src/storage, because SDK messages sometimes echo configuration.
 */
export function redact(message: string, secrets: readonly (string | undefined | null)[]): string {
  let out = message;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}
