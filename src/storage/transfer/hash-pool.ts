import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CancelledError } from '../../common/errors.js';
import type { HashAlgorithm } from '../transfer-options.js';

/** The algorithms that produce a hash (NONE never reads the file). */
export type HashingAlgorithm = Exclude<HashAlgorithm, 'NONE'>;

/** Work for a worker: a whole local file, or one upload part held in shared memory. */
export type HashJob =
  | { id: number; kind: 'file'; path: string; algorithm: HashingAlgorithm }
  | { id: number; kind: 'part'; memory: SharedArrayBuffer; offset: number; length: number; crc32: boolean };

export interface FileHash {
  /** In Esop's text form: lower-case hex SHA-256 or decimal CRC32. */
  hash: string;
  /** Bytes hashed: lets a caller check that the file had the size it sent. */
  bytes: number;
}

/** What S3 wants with a part: its SHA-256 in hex (the SigV4 payload hash) and CRC32 in base64 (the checksum header). */
export interface PartHashes {
  sha256: string;
  crc32?: string;
}

/** A job as a caller describes it; the pool numbers it. */
type NewJob = { [K in HashJob['kind']]: Omit<Extract<HashJob, { kind: K }>, 'id'> }[HashJob['kind']];

export type HashReply = { id: number; result: FileHash | PartHashes } | { id: number; error: { message: string; code?: string } };

interface Pending {
  job: HashJob;
  resolve(result: FileHash | PartHashes): void;
  reject(err: unknown): void;
  /** Detaches the job from its caller's signal once it leaves the queue. */
  detach(): void;
}

/** Beyond a few workers, more only take cores from the transfers (the disk or the network is the limit). */
const MAX_WORKERS = 4;

/**
 * Hashes in worker threads, so SHA-256 (about 0.5 s of CPU per GiB) never runs on the thread that
 * moves bytes and answers HTTP. At most one worker per core; workers start on first use and do not
 * keep the process alive while idle. Parts come first: an upload waits for them, while a whole
 * file's hash is only needed once all of its bytes are sent.
 */
class HashPool {
  private readonly size = Math.max(1, Math.min(availableParallelism(), MAX_WORKERS));
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly parts: Pending[] = [];
  private readonly files: Pending[] = [];
  private nextId = 0;

  run<T extends FileHash | PartHashes>(job: NewJob, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(new CancelledError());
    const queue = job.kind === 'part' ? this.parts : this.files;
    return new Promise<T>((resolve, reject) => {
      // A job still queued is dropped on cancel; one already running finishes (it only reads memory or a file).
      const onAbort = (): void => {
        queue.splice(queue.indexOf(pending), 1);
        reject(new CancelledError());
      };
      const pending: Pending = {
        job: { ...job, id: this.nextId++ } as HashJob,
        resolve: resolve as Pending['resolve'],
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(pending);
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.parts.length + this.files.length > 0) {
      const worker = this.idle.pop() ?? (this.busy.size < this.size ? this.spawn() : undefined);
      if (!worker) return;
      const pending = (this.parts.length > 0 ? this.parts : this.files).shift()!;
      pending.detach();
      this.busy.set(worker, pending);
      worker.ref();
      worker.postMessage(pending.job);
    }
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./hash-worker.js', import.meta.url));
    worker.on('message', (reply: HashReply) => {
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      worker.unref();
      this.idle.push(worker);
      this.dispatch();
      if (!pending) return;
      if ('error' in reply) pending.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
      else pending.resolve(reply.result);
    });
    // A worker that dies fails its own job only; the next job gets a fresh worker.
    worker.on('error', (err) => this.retire(worker, err));
    worker.on('exit', (code) => this.retire(worker, new Error(`hash worker exited with code ${code}`)));
    return worker;
  }

  private retire(worker: Worker, err: unknown): void {
    const at = this.idle.indexOf(worker);
    if (at >= 0) this.idle.splice(at, 1);
    const pending = this.busy.get(worker);
    if (!pending) return;
    this.busy.delete(worker);
    pending.reject(err);
    this.dispatch();
  }
}

const pool = new HashPool();

/** Hash and length of a local file, computed in a worker thread. */
export function hashFileInWorker(path: string, algorithm: HashingAlgorithm, signal?: AbortSignal): Promise<FileHash> {
  return pool.run({ kind: 'file', path, algorithm }, signal);
}

/** SHA-256 (and with `crc32` the CRC32) of a part in shared memory, computed in a worker thread without copying it. */
export function hashPartInWorker(part: Buffer, crc32: boolean): Promise<PartHashes> {
  if (!(part.buffer instanceof SharedArrayBuffer)) throw new TypeError('upload parts must live in shared memory');
  return pool.run({ kind: 'part', memory: part.buffer, offset: part.byteOffset, length: part.length, crc32 });
}
