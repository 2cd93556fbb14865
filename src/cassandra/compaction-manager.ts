import type { JolokiaClient } from './jolokia.client.js';
import { MBeans } from './mbeans.js';

/** Kinds of work CompactionManager.stopCompaction accepts (Cassandra's OperationType names). */
export type CompactionType = 'COMPACTION' | 'CLEANUP' | 'SCRUB' | 'UPGRADE_SSTABLES' | 'VALIDATION' | 'INDEX_BUILD' | 'VERIFY' | 'GARBAGE_COLLECT';

/** One running compaction-like task, as CompactionManager reports it (all values are strings). */
export type ActiveCompaction = Record<string, string>;

const MBEAN = MBeans.compactionManager;

/** Facade of `org.apache.cassandra.db:type=CompactionManager`: running tasks, and stopping them. */
export class CompactionManager {
  constructor(private readonly jolokia: JolokiaClient) {}

  /** Tasks running now (compactions, cleanups, scrubs, upgrades...), with keyspace, table, progress. */
  async active(): Promise<ActiveCompaction[]> {
    const value = await this.jolokia.read(MBEAN, 'Compactions');
    return Array.isArray(value) ? (value as ActiveCompaction[]) : [];
  }

  /**
   * Asks every running task of a kind to stop. Cleanup, scrub and upgradesstables then return
   * their ABORTED status; this is how a cancelled operation can really stop Cassandra's work.
   */
  async stop(type: CompactionType): Promise<void> {
    await this.jolokia.exec(MBEAN, 'stopCompaction(java.lang.String)', [type]);
  }
}
