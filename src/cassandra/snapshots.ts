import type { JolokiaClient } from './jolokia.client.js';
import { LONG_OPERATION_TIMEOUT_MS, type JolokiaCallOptions } from './jolokia.types.js';
import { asNumber } from './jolokia.values.js';
import { MBeans } from './mbeans.js';
import { validateKeyspaceName } from './names.js';
import { listSnapshotDirectories, type SnapshotInfo } from './snapshot-directories.js';
import type { StorageService } from './storage-service.js';

const MBEAN = MBeans.storageService;
const LONG: JolokiaCallOptions = { timeoutMs: LONG_OPERATION_TIMEOUT_MS };

/** Snapshot calls of the StorageService MBean (take, clear) and the snapshots on disk, for backup and restore. */
export class Snapshots {
  constructor(
    private readonly jolokia: JolokiaClient,
    private readonly storageService: StorageService,
  ) {}

  /**
   * Takes a snapshot named `tag` of keyspaces (`ks`) or tables (`ks.table`); all keyspaces when
   * `entities` is empty. `ttl` is a Cassandra duration such as `1h`.
   */
  async take(tag: string, entities: string[] = [], opts: { skipFlush?: boolean; ttl?: string } = {}, options: JolokiaCallOptions = {}): Promise<void> {
    // Cassandra reads the option values as strings (Boolean.parseBoolean); a JSON boolean would not cast.
    const map: Record<string, string> = { skipFlush: String(opts.skipFlush ?? false) };
    if (opts.ttl) map.ttl = opts.ttl;
    const signature = 'takeSnapshot(java.lang.String,java.util.Map,[Ljava.lang.String;)';
    await this.jolokia.exec(MBEAN, signature, [tag, map, entities], { ...LONG, ...options });
  }

  /** Removes snapshot `tag` (every snapshot when empty) from the keyspaces (all when empty). */
  async clear(tag: string, keyspaces: string[] = [], options: JolokiaCallOptions = {}): Promise<void> {
    const names = keyspaces.map((k) => validateKeyspaceName(k));
    // 5.0 added an options map in front and deprecated the two-argument form.
    if ((await this.storageService.cassandraVersion()).major >= 5) {
      const signature = 'clearSnapshot(java.util.Map,java.lang.String,[Ljava.lang.String;)';
      await this.jolokia.exec(MBEAN, signature, [{}, tag, names], { ...LONG, ...options });
    } else {
      await this.jolokia.exec(MBEAN, 'clearSnapshot(java.lang.String,[Ljava.lang.String;)', [tag, names], { ...LONG, ...options });
    }
  }

  /** Every snapshot of every table in this node's data directories (see listSnapshotDirectories). */
  async list(): Promise<SnapshotInfo[]> {
    return listSnapshotDirectories(await this.storageService.allDataFileLocations());
  }

  /** Bytes held only by snapshots (not shared with live SSTables). */
  async trueSize(): Promise<number> {
    return asNumber(await this.jolokia.exec(MBEAN, 'trueSnapshotsSize()', []), 'trueSnapshotsSize');
  }
}
