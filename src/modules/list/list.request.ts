import { OperationType } from '../../operations/operation-type.js';
import { PathField } from '../../operations/path-fields.js';
import { BooleanField, IntField, TypeField } from '../../operations/request-fields.js';
import { StorageRequest } from '../../operations/storage-request.js';

/** Esop's list (§2.7, §4.15): the backups of one node with their sizes and what removing each frees. */
export class ListRequest extends StorageRequest {
  @TypeField(OperationType.List) type = OperationType.List;
  @BooleanField('take cluster, dc and node of the location from this node (through Jolokia)') resolveNodes = false;
  @BooleanField('JSON instead of a table') json = false;
  @BooleanField('sizes as "113.1 kB" instead of bytes') humanUnits = false;
  @BooleanField('only the backup names') simpleFormat = false;
  @PathField('write the listing to this file on the node instead of the operation output') toFile?: string;
  @IntField('only backups taken at or before this time (epoch ms)') fromTimestamp?: number;
  @IntField('only the n oldest backups; 0 = all', { default: 0, min: 0 }) lastN = 0;
  @BooleanField('do not download manifests; list those already in the cache directory') skipDownload = false;
  @PathField('where manifests of cloud buckets are cached; default ~/.esop') cacheDir?: string;
  @BooleanField('put the listing into the operation\'s `response` field (what Icarus clients use)') toRequest = false;
}
