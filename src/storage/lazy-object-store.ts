import { errorMessage, OperationFailedError } from '../common/errors.js';
import type { FreshenResult, ObjectInfo, ObjectStore, ReadResult, WriteOptions } from './object-store.js';
import type { RemoteKey } from './remote-key.js';

/**
 * A cloud backend loaded on first use: each SDK is hundreds of modules (0.1–0.2 s and 35–40 MB to
 * load), so a process only pays for the schemes it actually talks to, and `icarus esop` commands on
 * file:// for none at all. Settings are resolved (and refused) before, synchronously.
 */
export class LazyObjectStore implements ObjectStore {
  private loaded: Promise<ObjectStore> | null = null;

  constructor(
    readonly bucket: string,
    /** Whether the store `load` builds reads local files itself (known before it is loaded). */
    readonly readsLocalFiles: boolean,
    private readonly load: () => Promise<ObjectStore>,
  ) {}

  private store(): Promise<ObjectStore> {
    // A client that cannot even be built (a malformed connection string) will not be built by a retry either.
    this.loaded ??= this.load().catch((err: unknown) => {
      throw new OperationFailedError(`cannot set up the storage client: ${errorMessage(err)}`);
    });
    return this.loaded;
  }

  async bucketExists(): Promise<boolean> {
    return (await this.store()).bucketExists();
  }

  async createBucket(): Promise<void> {
    return (await this.store()).createBucket();
  }

  async stat(key: RemoteKey): Promise<ObjectInfo | null> {
    return (await this.store()).stat(key);
  }

  async freshen(key: RemoteKey, skipRefreshing: boolean): Promise<FreshenResult> {
    return (await this.store()).freshen(key, skipRefreshing);
  }

  async write(key: RemoteKey, body: Parameters<ObjectStore['write']>[1], options: WriteOptions): Promise<void> {
    return (await this.store()).write(key, body, options);
  }

  async read(key: RemoteKey, offset: number, signal?: AbortSignal): Promise<ReadResult> {
    return (await this.store()).read(key, offset, signal);
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    yield* (await this.store()).list(prefix);
  }

  async delete(keys: readonly RemoteKey[]): Promise<void> {
    return (await this.store()).delete(keys);
  }

  async close(): Promise<void> {
    const store = await this.loaded?.catch(() => null);
    await store?.close();
  }
}
