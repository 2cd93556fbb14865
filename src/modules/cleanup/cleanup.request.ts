import { JobsField, KeyspaceField, TablesField } from '../../operations/cassandra-fields.js';
import { OperationType } from '../../operations/operation-type.js';
import { TypeField } from '../../operations/request-fields.js';

/** nodetool cleanup: drops data the node no longer owns (StorageService.forceKeyspaceCleanup). */
export class CleanupRequest {
  @TypeField(OperationType.Cleanup) type = OperationType.Cleanup;
  @KeyspaceField('keyspace to clean up; absent = every non-system keyspace') keyspace?: string;
  @TablesField('tables of the keyspace; absent or empty = all of them') tables?: string[];
  @JobsField() jobs = 0;
}
