import { OperationType } from '../../operations/operation-type.js';
import { PathField } from '../../operations/path-fields.js';
import { BooleanField, IntField, StringField, TypeField } from '../../operations/request-fields.js';
import { ParsedField } from '../../operations/parsed-field.js';
import { StorageRequest } from '../../operations/storage-request.js';
import { dataRateSchema } from '../../operations/value-schemas.js';
import { parseDataRate, type DataRate } from '../../storage/index.js';

/**
 * A restore drill: the chosen tables of a backup restored into scratch tables (keyspace
 * `drill_<keyspace>`, same schema) with an IMPORT restore and `rename`, the restored data checked
 * (row count and content digest against those recorded with `recordDigests`, else Cassandra's
 * SSTable verify), the restore timed, the scratch tables dropped. The source tables are never touched.
 */
export class DrillRequest extends StorageRequest {
  @TypeField(OperationType.Drill) type = OperationType.Drill;
  @StringField('backup to drill: its full name, or a tag (the latest backup of that tag)', { required: true }) snapshotTag: string;
  @StringField('tables "ks.t1,ks.t2" or keyspaces "ks1,ks2" of the backup; empty = every non-system table of it', { default: '' }) entities = '';
  @PathField('where the backup is downloaded before the import (removed afterwards); default <data-dir>/drills/<operation id>') downloadDir?: string;
  @IntField('refuse when the disk of the download directory or of the data directory would keep less than this % free during the drill', { default: 10, min: 0, max: 99 })
  minFreeDiskPercent = 10;
  @ParsedField(dataRateSchema('download at most this fast, so a drill leaves the node\'s bandwidth to its clients: {value, unit} or "50MBPS"'), (v) => parseDataRate(v))
  bandwidth?: DataRate;
  @BooleanField('without recorded digests: Cassandra verify reads every partition (nodetool verify --extended-verify)') extendedVerify = false;
  @BooleanField('drill on every node through its sidecar, coordinated by this one: each node restores its own backup into the same scratch tables') globalRequest = false;
  @StringField('cluster-wide: only these data centers') dc?: string;
  @IntField('cluster-wide: per-node timeout in hours', { default: 5 }) timeout = 5;
  @BooleanField('set by a cluster-wide drill on its node parts: the coordinator owns the scratch keyspaces (creates and drops them)') scratchReady = false;
  @IntField('set by a cluster-wide drill on its node parts: the epoch ms naming every node\'s drill record', { min: 0 }) drillTime?: number;
}
