import { NotFoundError, OperationFailedError, ValidationError } from '../common/errors.js';
import type { JolokiaClient } from './jolokia.client.js';
import { JolokiaRequestError } from './jolokia.errors.js';
import { LONG_OPERATION_TIMEOUT_MS, type JolokiaCallOptions } from './jolokia.types.js';
import { asStringArray } from './jolokia.values.js';
import { tableMBean } from './mbeans.js';
import { validateKeyspaceName, validateTableName } from './names.js';
import type { StorageService } from './storage-service.js';

/** Flags of `importNewSSTables` (nodetool import); each maps to one JMX argument. */
export interface ImportOptions {
  /** Put imported SSTables back to level 0 (`--keep-level` off). */
  resetLevel: boolean;
  /** Mark imported SSTables unrepaired (`--keep-repaired` off). */
  clearRepaired: boolean;
  /** Check the SSTables before importing (`--no-verify` off). */
  verifySSTables: boolean;
  /** Check that the partitions belong to this node (`--no-tokens` off). */
  verifyTokens: boolean;
  /** Invalidate row caches of the imported keys (`--no-invalidate-caches` off). */
  invalidateCaches: boolean;
  /** Full verification of every row (`--extended-verify`). */
  extendedVerify: boolean;
  /** Copy instead of move the files (`--copy-data`); 4.0+. */
  copyData: boolean;
  /** Fail when an SSTable lacks its secondary index files (`--require-index-components`); 5.0. */
  failOnMissingIndex: boolean;
  /** Verify index checksums (`--no-index-validation` off); 5.0. */
  validateIndexChecksum: boolean;
}

/** `nodetool import` defaults (Cassandra 5.0 tools/nodetool/Import.java). */
export const NODETOOL_IMPORT_DEFAULTS: ImportOptions = {
  resetLevel: true,
  clearRepaired: true,
  verifySSTables: true,
  verifyTokens: true,
  invalidateCaches: true,
  extendedVerify: false,
  copyData: false,
  failOnMissingIndex: false,
  validateIndexChecksum: true,
};

const IMPORT_5_0 = 'importNewSSTables(java.util.Set,boolean,boolean,boolean,boolean,boolean,boolean,boolean,boolean,boolean)';
const IMPORT_4_0 = 'importNewSSTables(java.util.Set,boolean,boolean,boolean,boolean,boolean,boolean,boolean)';

/** Facade of the per-table MBeans `org.apache.cassandra.db:type=Tables,keyspace=…,table=…`. */
export class ColumnFamilyStore {
  constructor(
    private readonly jolokia: JolokiaClient,
    private readonly storageService: StorageService,
  ) {}

  /** Whether the table exists on this node (its MBean is registered). */
  async exists(keyspace: string, table: string): Promise<boolean> {
    const name = tableMBean(validateKeyspaceName(keyspace), validateTableName(table));
    return (await this.jolokia.search(name)).length > 0;
  }

  /** Names of the keyspace's tables (secondary-index tables excluded), sorted. */
  async tables(keyspace: string): Promise<string[]> {
    const names = await this.jolokia.search(`org.apache.cassandra.db:type=Tables,keyspace=${validateKeyspaceName(keyspace)},*`);
    return names.map((n) => /[:,]table=([^,]+)/.exec(n)?.[1]).filter((t): t is string => !!t).sort();
  }

  /** Directories holding the table's SSTables, one per data directory. */
  async dataPaths(keyspace: string, table: string): Promise<string[]> {
    const mbean = this.mbean(keyspace, table);
    return asStringArray(await this.call(keyspace, table, () => this.jolokia.read(mbean, 'DataPaths')), 'DataPaths');
  }

  /**
   * Imports SSTables from directories on this node's disk into the live table (nodetool import).
   * Fails with Icarus' message listing the directories Cassandra could not import.
   */
  async importNewSSTables(keyspace: string, table: string, sourceDirs: string[], flags: ImportOptions, options: JolokiaCallOptions = {}): Promise<void> {
    const mbean = this.mbean(keyspace, table);
    if (sourceDirs.length === 0) throw ValidationError.forField('sourceDir', 'at least one directory is needed');
    const { resetLevel, clearRepaired, verifySSTables, verifyTokens, invalidateCaches, extendedVerify, copyData } = flags;
    const common = [sourceDirs, resetLevel, clearRepaired, verifySSTables, verifyTokens, invalidateCaches, extendedVerify, copyData];
    // 5.0 added the two index flags; 4.x only has the 8-argument form (copyData arrived in 4.0).
    const is50 = (await this.storageService.cassandraVersion()).major >= 5;
    const [operation, args] = is50 ? [IMPORT_5_0, [...common, flags.failOnMissingIndex, flags.validateIndexChecksum]] : [IMPORT_4_0, common];
    const failed = await this.call(keyspace, table, () =>
      this.jolokia.exec(mbean, operation, args, { timeoutMs: LONG_OPERATION_TIMEOUT_MS, ...options }),
    );
    const failedDirs = asStringArray(failed, 'importNewSSTables');
    if (failedDirs.length > 0) {
      throw new OperationFailedError(`Failed to import SSTable directories [${failedDirs.join(', ')}].`);
    }
  }

  /** Picks up SSTables copied into the table's own data directory (table-level `loadNewSSTables`). */
  async loadNewSSTables(keyspace: string, table: string, options: JolokiaCallOptions = {}): Promise<void> {
    const mbean = this.mbean(keyspace, table);
    await this.call(keyspace, table, () =>
      this.jolokia.exec(mbean, 'loadNewSSTables()', [], { timeoutMs: LONG_OPERATION_TIMEOUT_MS, ...options }),
    );
  }

  private mbean(keyspace: string, table: string): string {
    return tableMBean(validateKeyspaceName(keyspace), validateTableName(table));
  }

  /** A missing table MBean means the table does not exist: say so instead of quoting JMX. */
  private async call<T>(keyspace: string, table: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof JolokiaRequestError && err.mbeanNotFound) {
        throw new NotFoundError(`table ${keyspace}.${table} does not exist`, { cause: err });
      }
      throw err;
    }
  }
}
