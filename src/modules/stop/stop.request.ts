import { OperationType } from '../../operations/operation-type.js';
import { TypeField } from '../../operations/request-fields.js';

/** Stops the sidecar process (exit 0) once no other operation is pending or running, e.g. so Kubernetes restarts the container. */
export class StopRequest {
  @TypeField(OperationType.Stop) type = OperationType.Stop;
}
