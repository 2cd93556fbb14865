import { KeyspaceField, TableField } from '../../operations/cassandra-fields.js';
import { OperationType } from '../../operations/operation-type.js';
import { BooleanField, StringField, TypeField } from '../../operations/request-fields.js';

const ABSOLUTE_PATH = /^(file:\/\/)?\/(?!.*(^|\/)\.\.(\/|$)).*$/;
const PATH_MESSAGE = "must be an absolute path (or file:// URI) without '..'";

/**
 * nodetool import: loads SSTables from a directory on the node's disk into a live table
 * (ColumnFamilyStore.importNewSSTables, Cassandra 4.0+). Files are copied, as Esop does.
 */
export class ImportRequest {
  @TypeField(OperationType.Import) type = OperationType.Import;
  @KeyspaceField('keyspace of the table', { required: true }) keyspace: string;
  @TableField('table to import into', { required: true }) table: string;
  @StringField('directory holding the SSTables; default <sourceDir>/<keyspace>/<table>', { pattern: ABSOLUTE_PATH, patternMessage: PATH_MESSAGE })
  tablePath?: string;
  @StringField('download directory whose <keyspace>/<table> subdirectory holds the SSTables', { pattern: ABSOLUTE_PATH, patternMessage: PATH_MESSAGE })
  sourceDir?: string;
  @BooleanField('keep the SSTables\' compaction level (nodetool import --keep-level)') keepLevel = false;
  @BooleanField('keep the SSTables\' repaired state (nodetool import --keep-repaired)') keepRepaired = false;
  @BooleanField('do not verify the SSTables (nodetool import --no-verify)') noVerify = false;
  @BooleanField('do not check that the data belongs to this node (nodetool import --no-tokens)') noVerifyTokens = false;
  @BooleanField('do not invalidate the row cache (nodetool import --no-invalidate-caches)') noInvalidateCaches = false;
  @BooleanField('skip every check: noVerify, noVerifyTokens, noInvalidateCaches, no extendedVerify (nodetool import --quick)') quick = false;
  @BooleanField('verify every row (nodetool import --extended-verify)') extendedVerify = false;
}
