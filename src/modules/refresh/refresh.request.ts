import { KeyspaceField, TableField } from '../../operations/cassandra-fields.js';
import { OperationType } from '../../operations/operation-type.js';
import { TypeField } from '../../operations/request-fields.js';

/** nodetool refresh: loads SSTables placed in the table's data directory (StorageService.loadNewSSTables). */
export class RefreshRequest {
  @TypeField(OperationType.Refresh) type = OperationType.Refresh;
  @KeyspaceField('keyspace of the table', { required: true }) keyspace: string;
  @TableField('table whose data directory holds the new SSTables', { required: true }) table: string;
}
