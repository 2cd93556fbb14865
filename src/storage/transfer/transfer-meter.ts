import { Transform, type TransformCallback } from 'node:stream';
import { CancelledError } from '../../common/errors.js';
import type { Digest } from './hashing.js';
import type { TokenBucket } from './token-bucket.js';

/**
 * The pass-through streamed bytes go through: it hashes (while streaming, no second read; uploads
 * of local files pass a no-op digest and hash in a worker instead), throttles against the shared
 * token bucket, and reports progress.
 */
export class TransferMeter extends Transform {
  bytes = 0;

  constructor(
    private readonly digest: Digest,
    private readonly throttle: TokenBucket | null,
    private readonly onBytes: (bytes: number) => void,
    private readonly signal?: AbortSignal,
  ) {
    super({ highWaterMark: 1 << 20 });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.count(chunk);
    const pass = (): void => {
      this.onBytes(chunk.length);
      callback(null, chunk);
    };
    if (!this.throttle) return pass();
    this.throttle.take(chunk.length, this.signal).then(pass, callback);
  }

  /**
   * The same accounting for callers that pull chunks themselves (downloads). Returns a promise only
   * when the throttle makes the caller wait, so unthrottled transfers pay no promise per chunk.
   */
  meter(chunk: Buffer): Promise<void> | undefined {
    if (this.signal?.aborted) throw new CancelledError();
    this.count(chunk);
    if (!this.throttle) {
      this.onBytes(chunk.length);
      return undefined;
    }
    return this.throttle.take(chunk.length, this.signal).then(() => this.onBytes(chunk.length));
  }

  private count(chunk: Buffer): void {
    this.digest.update(chunk);
    this.bytes += chunk.length;
  }
}
