import { OperationType } from '../../operations/operation-type.js';
import { PathField } from '../../operations/path-fields.js';
import { BooleanField, TypeField } from '../../operations/request-fields.js';
import { UploadRequest } from '../../operations/storage-request.js';

/**
 * Esop's commitlog-backup (§2.5, §4.14): uploads commit-log segments as `commitlog/<file>.<mtime ms>`.
 * Fit for `archive_command` in commitlog_archiving.properties (one segment: `commitLog`).
 */
export class CommitlogBackupRequest extends UploadRequest {
  @TypeField(OperationType.CommitlogBackup) type = OperationType.CommitlogBackup;
  @PathField('commit-log directory; absent = asked from Cassandra (commitlog_directory)') cassandraCommitLogDirectory?: string;
  @PathField('directory of archived segments, used instead of the commit-log directory when it exists') commitLogArchiveOverride?: string;
  @PathField('one segment to upload (what archive_command passes as %path); takes priority') commitLog?: string;
  @BooleanField('take cluster, dc and node of the location from this node (through Jolokia)') online = false;
}
