import { OperationType } from '../../operations/operation-type.js';
import { BooleanField, TypeField } from '../../operations/request-fields.js';

/** nodetool decommission: streams the node's data to others and removes it from the ring. */
export class DecommissionRequest {
  @TypeField(OperationType.Decommission) type = OperationType.Decommission;
  /** Icarus sends an absent force as true to Cassandra 4+; kept for compatibility. */
  @BooleanField('decommission even if it leaves fewer replicas than the replication factor (nodetool decommission --force); absent = true, as Icarus', { default: true })
  force = true;
}
