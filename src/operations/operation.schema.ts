import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse, type HeaderObject } from '@nestjs/swagger';
import { OperationState } from './operation-state.js';

/*
 * The operation JSON (Icarus §1.3) as OpenAPI schemas. The envelope is the same for every type;
 * each registered type adds its request fields (echoed) and the fields its handler reports, and
 * `Operation` is `oneOf` those per-type schemas, discriminated by `type` (see operationSchemas).
 */

/** Name of the `oneOf` schema every operation answer refers to. */
export const OPERATION_SCHEMA = 'Operation';

/** One entry of `errors`. */
export class OperationErrorBody {
  @ApiProperty({ description: 'host name of the node where it happened (a node address for a coordinator\'s error about a node)' })
  source: string;

  @ApiProperty({ description: 'what went wrong' })
  message: string;
}

/** Fields every operation has, whatever its type. Nulls are omitted, never sent. */
export class OperationEnvelope {
  @ApiProperty({ description: 'operation type, as submitted' })
  type: string;

  @ApiProperty({ format: 'uuid', description: 'operation id: GET/DELETE /operations/{id}' })
  id: string;

  @ApiProperty({ format: 'date-time', description: 'when it was submitted (ISO-8601 UTC)' })
  creationTime: string;

  @ApiProperty({ enum: OperationState, enumName: 'OperationState', description: 'PENDING → RUNNING → COMPLETED | FAILED | CANCELLED' })
  state: OperationState;

  @ApiProperty({ type: [OperationErrorBody], description: 'errors so far; the operation ends FAILED when there is one' })
  errors: OperationErrorBody[];

  @ApiProperty({ type: 'number', format: 'float', minimum: 0, maximum: 1, description: '0.0 to 1.0; 1.0 once finished, whatever the outcome' })
  progress: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'when a worker started it; absent while PENDING' })
  startTime?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'when it finished, successfully or not; absent until then' })
  completionTime?: string;

  @ApiPropertyOptional({ type: 'integer', format: 'int64', minimum: 0, description: 'operations moving data (backup, restore): bytes to move' })
  bytesTotal?: number;

  @ApiPropertyOptional({ type: 'integer', format: 'int64', minimum: 0, description: 'operations moving data: bytes moved so far' })
  bytesTransferred?: number;

  @ApiPropertyOptional({ type: 'number', minimum: 0, description: 'operations moving data: seconds left at the recent rate; absent once finished' })
  etaSeconds?: number;
}

/** Documents an answer holding one operation (or, with `isArray`, a list of them) of any type. */
export function ApiOperationResponse(
  status: number,
  description: string,
  options: { isArray?: boolean; headers?: Record<string, HeaderObject> } = {},
): MethodDecorator {
  const ref = { $ref: `#/components/schemas/${OPERATION_SCHEMA}` };
  return applyDecorators(
    ApiResponse({ status, description, headers: options.headers, schema: options.isArray ? { type: 'array', items: ref } : ref }),
  );
}
