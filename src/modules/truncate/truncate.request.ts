import { KeyspaceField, TableField } from '../../operations/cassandra-fields.js';
import { OperationType } from '../../operations/operation-type.js';
import { TypeField } from '../../operations/request-fields.js';

/** Deletes all data of one table on every node (StorageService.truncate). Only with --enable-truncate. */
export class TruncateRequest {
  @TypeField(OperationType.Truncate) type = OperationType.Truncate;
  @KeyspaceField('keyspace of the table', { required: true }) keyspace: string;
  @TableField('table to truncate', { required: true }) table: string;
}
