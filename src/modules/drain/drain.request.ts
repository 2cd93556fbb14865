import { OperationType } from '../../operations/operation-type.js';
import { TypeField } from '../../operations/request-fields.js';

/** nodetool drain: flushes everything and stops accepting writes; the node ends DRAINED. */
export class DrainRequest {
  @TypeField(OperationType.Drain) type = OperationType.Drain;
}
