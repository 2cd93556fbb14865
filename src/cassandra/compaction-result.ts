import { OperationFailedError, UpstreamError } from '../common/errors.js';

/**
 * Cassandra's CompactionManager.AllSSTableOpStatus, returned as an int by cleanup, scrub and
 * upgradesstables: 0 SUCCESSFUL, 1 ABORTED, 2 UNABLE_TO_CANCEL (could not mark SSTables compacting).
 */
export type SSTableOperation = 'cleanup' | 'scrub' | 'upgradesstables' | 'verify';

// Icarus' wording for status 1, per operation (its CleanupOperation, ScrubOperation, UpgradeSSTablesOperation).
const ABORTED: Record<SSTableOperation, string> = {
  cleanup: 'Aborted cleaning up at least one table in keyspace',
  scrub: 'Aborted scrubbing at least one table in keyspace',
  upgradesstables: 'Aborted upgrading sstables for at least one table in keyspace',
  verify: 'Aborted verifying at least one table in keyspace',
};

/** Throws OperationFailedError with Icarus' message unless the status code means success. */
export function checkSSTableOperationStatus(operation: SSTableOperation, keyspace: string, status: unknown): void {
  switch (status) {
    case 0:
      return;
    case 1:
      throw new OperationFailedError(`${ABORTED[operation]} ${keyspace}, check server logs for more information.`);
    case 2:
      // Icarus' text, which has no final period (its upgradesstables variant even ends in a stray quote).
      throw new OperationFailedError(
        `Failed marking some sstables compacting in keyspace ${keyspace}, check server logs for more information`,
      );
    default:
      throw new UpstreamError(`${operation} of keyspace ${keyspace} returned unknown status ${JSON.stringify(status)}`);
  }
}
