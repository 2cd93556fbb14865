import { JobsField, KeyspaceField, TablesField } from '../../operations/cassandra-fields.js';
import { OperationType } from '../../operations/operation-type.js';
import { BooleanField, TypeField } from '../../operations/request-fields.js';

/** nodetool scrub: rewrites SSTables, dropping what cannot be read (StorageService.scrub). */
export class ScrubRequest {
  @TypeField(OperationType.Scrub) type = OperationType.Scrub;
  @BooleanField('do not snapshot the table before scrubbing (nodetool scrub --no-snapshot)') disableSnapshot = false;
  @BooleanField('skip corrupted partitions instead of failing (nodetool scrub --skip-corrupted)') skipCorrupted = false;
  @BooleanField('do not validate columns (nodetool scrub --no-validate)') noValidate = false;
  @BooleanField('fix rows whose TTL overflowed 2038 (nodetool scrub --reinsert-overflowed-ttl)') reinsertOverflowedTTL = false;
  @JobsField() jobs = 0;
  @KeyspaceField('keyspace to scrub; absent = every non-system keyspace') keyspace?: string;
  @TablesField('tables of the keyspace; absent or empty = all of them') tables?: string[];
}
