import { OperationType } from '../../operations/operation-type.js';
import { PathsField } from '../../operations/path-fields.js';
import { BooleanField, IntField, StringField, TypeField } from '../../operations/request-fields.js';
import { UploadRequest } from '../../operations/storage-request.js';

const SNAPSHOT_TAG = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/;

/**
 * Esop's backup (§2.3): snapshot → upload of what the bucket lacks → manifest. `dataDirs` may be
 * left out: the sidecar then asks Cassandra for its data directories.
 */
export class BackupRequest extends UploadRequest {
  @TypeField(OperationType.Backup) type = OperationType.Backup;
  @PathsField('Cassandra data directories (data_file_directories); absent = asked from Cassandra') dataDirs?: string[];
  @StringField('keyspaces "ks1,ks2" or tables "ks1.t1,ks2.t2"; empty = every keyspace, system ones included', { default: '' })
  entities = '';
  @StringField('name of the snapshot and backup; "-<schemaVersion>-<epoch ms>" is appended; default autosnap-<epoch s>', {
    pattern: SNAPSHOT_TAG,
    patternMessage: "must start with a letter or digit and hold only letters, digits, '_', '-', '.' (at most 200)",
  })
  snapshotTag?: string;
  @BooleanField('back up the whole cluster through every node\'s sidecar, coordinated by this one') globalRequest = false;
  @StringField('cluster-wide backups: only these data centers ("dc1,dc2")') dc?: string;
  @IntField('cluster-wide backups: per-node timeout in hours; below 1 means 5', { default: 5 }) timeout = 5;
  @StringField('schema version of the backup; filled in by the sidecar') schemaVersion?: string;
  @BooleanField('also upload the cluster topology as topology/<snapshot name>.json at the bucket root') uploadClusterTopology = false;
  @BooleanField('also record a content digest of every table (read at CL ALL over the token ranges the node replicates) as icarus-records/<name>/digests.json, which restore drills compare with')
  recordDigests = false;
}
