import { KeyspaceField, TablesField } from '../../operations/cassandra-fields.js';
import { OperationType } from '../../operations/operation-type.js';
import { TypeField } from '../../operations/request-fields.js';

/** nodetool flush: writes memtables to SSTables (StorageService.forceKeyspaceFlush). */
export class FlushRequest {
  @TypeField(OperationType.Flush) type = OperationType.Flush;
  @KeyspaceField('keyspace to flush; absent = every non-system keyspace') keyspace?: string;
  @TablesField('tables of the keyspace to flush; absent or empty = all of them') tables?: string[];
}
