import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';

/*
 * The JSON bodies of error responses, as OpenAPI schemas. HttpErrorFilter and the body-parsing
 * middleware write exactly these shapes; the engine suite validates live answers against them.
 */

/** One bad field of a request: dotted path and what is wrong with it. */
export class FieldProblemBody {
  @ApiProperty({ description: 'the field at fault, dotted for nested fields (`retry.interval`), `body` for the whole body', example: 'storageLocation' })
  field: string;

  @ApiProperty({ description: 'what is wrong with it', example: 'must be a string' })
  problem: string;
}

/** Body of every error answer but 400: a sentence saying what went wrong. */
export class ErrorBody {
  @ApiProperty({ description: 'what went wrong', example: 'operation 6f1c…: no such operation' })
  message: string;
}

/** Body of a 400: the message and every field at fault. */
export class ValidationErrorBody {
  @ApiProperty({ description: 'every problem in one sentence', example: "invalid 'backup' request: storageLocation is required" })
  message: string;

  @ApiProperty({ type: [FieldProblemBody], description: 'each bad field with its problem' })
  errors: FieldProblemBody[];
}

/** Error statuses the REST API answers, with the body each one has. */
export type ErrorStatus = 400 | 403 | 404 | 409 | 413 | 415 | 429 | 502 | 503;

const DEFAULT_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: 'bad input; every field at fault is named in `errors`',
  403: "the credential's role does not allow this; the message names the role needed",
  404: 'no such resource',
  409: 'conflicts with what the node or sidecar is doing now',
  413: 'request body larger than 1 MB',
  415: 'request body in an unsupported charset or content encoding',
  429: 'a limit was reached (POSTs per client, operations pending per type, operations retained); `Retry-After` says when to try again',
  502: 'Cassandra answered the call with an error',
  503: "Jolokia (Cassandra) or the sidecar's Redis cannot be reached, or its Redis is full",
};

/**
 * Documents error answers of an endpoint: 400 with ValidationErrorBody, every other status with
 * ErrorBody. A description given for a status replaces the default one.
 */
export function ApiErrorResponses(statuses: Partial<Record<ErrorStatus, string | true>>): MethodDecorator {
  return applyDecorators(
    ...Object.entries(statuses).map(([code, text]) => {
      const status = Number(code) as ErrorStatus;
      const description = typeof text === 'string' ? text : DEFAULT_DESCRIPTIONS[status];
      return ApiResponse({ status, description, type: status === 400 ? ValidationErrorBody : ErrorBody });
    }),
  );
}
