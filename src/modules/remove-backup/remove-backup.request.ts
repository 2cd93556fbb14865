import { OperationType } from '../../operations/operation-type.js';
import { ParsedField } from '../../operations/parsed-field.js';
import { PathField } from '../../operations/path-fields.js';
import { BooleanField, StringArrayField, StringField, TypeField } from '../../operations/request-fields.js';
import { StorageRequest } from '../../operations/storage-request.js';
import { timeSchema } from '../../operations/value-schemas.js';
import { parseTime, type TimeSpec } from '../../storage/index.js';

/**
 * Esop's remove-backup (§2.8, §4.16): removes backups by name, the oldest, or those older than a
 * time, deleting only the objects no remaining backup of the node references.
 */
export class RemoveBackupRequest extends StorageRequest {
  @TypeField(OperationType.RemoveBackup) type = OperationType.RemoveBackup;
  @StringField('the backup (manifest name, without .json) to remove') backupName?: string;
  @BooleanField('remove the oldest backup') removeOldest = false;
  @ParsedField(timeSchema('remove backups older than this: {value, unit SECONDS..DAYS} or "14d"'), (v) => parseTime(v, 'olderThan'))
  olderThan?: TimeSpec;
  @BooleanField('only report what would be removed') dry = false;
  @BooleanField('take cluster, dc and node of the location from this node (through Jolokia)') resolveNodes = false;
  @BooleanField('remove from every node of the cluster found in the bucket, not only this one') globalRequest = false;
  @StringArrayField('with globalRequest: only nodes of these data centers (Esop\'s --dcs; all when absent)') dcs?: string[];
  @PathField('accepted for compatibility: manifests are always read from the bucket (Esop read only its local cache)') cacheDir?: string;
}
