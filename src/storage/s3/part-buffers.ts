import { CancelledError } from '../../common/errors.js';

interface Waiter {
  bytes: number;
  grant(): void;
}

/** Parts at most this small get a buffer of their own size instead of a whole standard one. */
const SMALL_PART = 1024 * 1024;

/**
 * Memory for S3 upload parts, shared by every upload of the process and reused: a part is read
 * straight into one of these buffers, hashed there by a worker (shared memory, no copy) and sent
 * from there, so an upload makes no garbage and the whole process holds at most `capacity` bytes of
 * parts, whatever the number of files in flight. Buffers are granted first come, first served.
 */
export class PartBuffers {
  private free: number;
  private readonly waiters: Waiter[] = [];
  private readonly spare: SharedArrayBuffer[] = [];
  private readonly reserved = new WeakMap<Buffer, number>();

  constructor(
    readonly capacity: number,
    readonly standardSize: number,
  ) {
    this.free = capacity;
  }

  /** Bytes reserved right now. */
  get inUse(): number {
    return this.capacity - this.free;
  }

  /**
   * A buffer of `size` bytes. Standard parts reuse standard buffers; small ones (the last part, a
   * small file) and oversized ones (files above 10,000 standard parts) get one of their own. A part
   * larger than the capacity waits for all of it.
   */
  async acquire(size: number, signal?: AbortSignal): Promise<Buffer> {
    const standard = size > SMALL_PART && size <= this.standardSize;
    const bytes = Math.min(standard ? this.standardSize : size, this.capacity);
    await this.reserve(bytes, signal);
    const memory = (standard && this.spare.pop()) || new SharedArrayBuffer(standard ? this.standardSize : size);
    const buffer = Buffer.from(memory, 0, size);
    this.reserved.set(buffer, bytes);
    return buffer;
  }

  release(buffer: Buffer): void {
    const bytes = this.reserved.get(buffer);
    if (bytes === undefined) return;
    this.reserved.delete(buffer);
    if (buffer.buffer.byteLength === this.standardSize) this.spare.push(buffer.buffer as SharedArrayBuffer);
    this.free += bytes;
    while (this.waiters.length > 0 && this.waiters[0].bytes <= this.free) {
      const next = this.waiters.shift()!;
      this.free -= next.bytes;
      next.grant();
    }
  }

  private reserve(bytes: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new CancelledError());
    if (this.waiters.length === 0 && bytes <= this.free) {
      this.free -= bytes;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new CancelledError());
      };
      const waiter: Waiter = {
        bytes,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }
}
