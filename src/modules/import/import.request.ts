import { KeyspaceField, TableField } from '../../operations/cassandra-fields.js';
import { OperationType } from '../../operations/operation-type.js';
import { PathField } from '../../operations/path-fields.js';
import { BooleanField, TypeField } from '../../operations/request-fields.js';

/**
 * nodetool import: loads SSTables from a directory on the node's disk into a live table
 * (ColumnFamilyStore.importNewSSTables, Cassandra 4.0+). Files are copied, as Esop does.
 */
export class ImportRequest {
  @TypeField(OperationType.Import) type = OperationType.Import;
  @KeyspaceField('keyspace of the table', { required: true }) keyspace: string;
  @TableField('table to import into', { required: true }) table: string;
  @PathField('directory holding the SSTables; default <sourceDir>/<keyspace>/<table>') tablePath?: string;
  @PathField('download directory whose <keyspace>/<table> subdirectory holds the SSTables') sourceDir?: string;
  @BooleanField('keep the SSTables\' compaction level (nodetool import --keep-level)') keepLevel = false;
  @BooleanField('keep the SSTables\' repaired state (nodetool import --keep-repaired)') keepRepaired = false;
  @BooleanField('do not verify the SSTables (nodetool import --no-verify)') noVerify = false;
  @BooleanField('do not check that the data belongs to this node (nodetool import --no-tokens)') noVerifyTokens = false;
  @BooleanField('do not invalidate the row cache (nodetool import --no-invalidate-caches)') noInvalidateCaches = false;
  @BooleanField('skip every check: noVerify, noVerifyTokens, noInvalidateCaches, no extendedVerify (nodetool import --quick)') quick = false;
  @BooleanField('verify every row (nodetool import --extended-verify)') extendedVerify = false;
}
