import { randomBytes } from 'node:crypto';
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, opendir, rename, rm, rmdir, stat, utimes } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FreshenResult, ObjectInfo, ObjectStore, ReadResult, WriteOptions } from '../object-store.js';
import { UnavailableError } from '../../common/errors.js';
import { listedKey, type RemoteKey } from '../remote-key.js';
import { ObjectNotFoundError } from '../storage-errors.js';

/** Objects being written carry this suffix until renamed into place, so readers never see half a file. */
const UPLOAD_SUFFIX = '.icarus-upload-';

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException)?.code === 'ENOENT';
}

/** The `file://` provider: the bucket is the directory `<fileBackupDirectory>/<bucket>`, keys are paths below it. */
export class FileObjectStore implements ObjectStore {
  readonly readsLocalFiles = true;
  private readonly root: string;

  constructor(
    backupDirectory: string,
    readonly bucket: string,
  ) {
    this.root = join(backupDirectory, bucket);
  }

  private pathOf(key: RemoteKey | string): string {
    return join(this.root, ...key.split('/'));
  }

  async bucketExists(): Promise<boolean> {
    try {
      return (await stat(this.root)).isDirectory();
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  async createBucket(): Promise<void> {
    await mkdir(this.root, { recursive: true });
  }

  async stat(key: RemoteKey): Promise<ObjectInfo | null> {
    try {
      const s = await stat(this.pathOf(key));
      return s.isFile() ? { key, size: s.size, lastModified: s.mtime } : null;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  /** Esop: an existing file is kept; unless skipRefreshing its mtime becomes now, and if that fails it is re-uploaded. */
  async freshen(key: RemoteKey, skipRefreshing: boolean): Promise<FreshenResult> {
    if (skipRefreshing) return (await this.stat(key)) ? 'FRESHENED' : 'UPLOAD_REQUIRED';
    // One call: touching a missing object fails, so no stat before it (an incremental backup freshens every object).
    try {
      const now = new Date();
      await utimes(this.pathOf(key), now, now);
      return 'FRESHENED';
    } catch {
      return 'UPLOAD_REQUIRED';
    }
  }

  async write(key: RemoteKey, body: Readable, options: WriteOptions): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    const temp = target + UPLOAD_SUFFIX + randomBytes(6).toString('hex');
    try {
      if (options.localFile === undefined) await pipeline(body, createWriteStream(temp), { signal: options.signal });
      else await copyLocalFile(options.localFile, temp, body, options);
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  async read(key: RemoteKey, offset: number): Promise<ReadResult> {
    const path = this.pathOf(key);
    const info = await this.stat(key);
    if (!info) throw new ObjectNotFoundError(`${key} does not exist in ${this.root}`);
    return { stream: createReadStream(path, { start: offset, highWaterMark: 1 << 20 }), size: info.size };
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const cut = prefix.lastIndexOf('/');
    const start = cut < 0 ? this.root : this.pathOf(prefix.slice(0, cut));
    yield* this.walk(start, prefix);
  }

  private async *walk(dir: string, prefix: string): AsyncIterable<ObjectInfo> {
    let handle;
    try {
      handle = await opendir(dir);
    } catch (err) {
      if (isMissing(err)) return;
      throw err;
    }
    for await (const entry of handle) {
      const full = join(dir, entry.name);
      const key = relative(this.root, full).split(sep).join('/');
      if (entry.isDirectory()) {
        if (key.startsWith(prefix) || prefix.startsWith(key + '/')) yield* this.walk(full, prefix);
      } else if (entry.isFile() && key.startsWith(prefix) && !entry.name.includes(UPLOAD_SUFFIX)) {
        const s = await stat(full);
        yield { key: listedKey(key), size: s.size, lastModified: s.mtime };
      }
    }
  }

  async delete(keys: readonly RemoteKey[]): Promise<void> {
    await Promise.all(keys.map((key) => rm(this.pathOf(key), { force: true })));
    await this.pruneEmptyDirectories(keys);
  }

  /** Removes directories the deletes left empty, up to the bucket directory (Esop's local provider does too). */
  private async pruneEmptyDirectories(keys: readonly RemoteKey[]): Promise<void> {
    const dirs = new Set(keys.map((key) => dirname(this.pathOf(key))));
    const deepestFirst = [...dirs].sort((a, b) => b.split(sep).length - a.split(sep).length);
    for (let dir of deepestFirst) {
      while (dir.startsWith(this.root + sep)) {
        try {
          await rmdir(dir);
        } catch (err) {
          if (!isMissing(err)) break; // not empty: nor are its parents
        }
        dir = dirname(dir);
      }
    }
  }

  async close(): Promise<void> {}
}

/**
 * A file is copied by the kernel (copy_file_range, or a reflink where the file system can share
 * blocks), never through this process's memory: the fastest way to write a backup to local disk.
 */
async function copyLocalFile(source: string, temp: string, body: Readable, options: WriteOptions): Promise<void> {
  body.destroy();
  options.signal?.throwIfAborted();
  await copyFile(source, temp, constants.COPYFILE_FICLONE);
  options.signal?.throwIfAborted();
  const { size } = await stat(temp);
  if (options.size !== undefined && size !== options.size) {
    throw new UnavailableError(`${source}: copied ${size} bytes but expected ${options.size}; did the file change during upload?`);
  }
  options.onBytes?.(size);
}
