import { JobsField, KeyspaceField, TablesField } from '../../operations/cassandra-fields.js';
import { OperationType } from '../../operations/operation-type.js';
import { BooleanField, TypeField } from '../../operations/request-fields.js';

/** nodetool upgradesstables: rewrites SSTables in the current format (StorageService.upgradeSSTables). */
export class UpgradeSSTablesRequest {
  @TypeField(OperationType.UpgradeSSTables) type = OperationType.UpgradeSSTables;
  @KeyspaceField('keyspace to upgrade; absent = every non-system keyspace') keyspace?: string;
  @TablesField('tables of the keyspace; absent or empty = all of them') tables?: string[];
  @BooleanField('also rewrite SSTables already in the current format (nodetool upgradesstables -a)') includeAllSStables = false;
  @JobsField() jobs = 0;
}
