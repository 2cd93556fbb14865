import { getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { ROLE_EXTENSION } from '../security/required-role.js';
import { OPERATION_SCHEMA, OperationEnvelope } from './operation.schema.js';
import type { RegisteredOperationType } from './operation-registry.js';

/** Classes whose schemas the document must hold for the operation schemas to resolve. */
export function operationModels(types: RegisteredOperationType[]): Array<new () => object> {
  return [OperationEnvelope, ...types.flatMap((t) => [t.definition.request, ...(t.definition.result ? [t.definition.result] : [])])];
}

/** `BackupRequest` → `BackupOperation`: the schema of a backup operation's JSON. */
export function operationSchemaName(type: RegisteredOperationType): string {
  return `${type.definition.request.name.replace(/Request$/, '')}Operation`;
}

/**
 * Adds to the document, for every registered type, the schema of its operation JSON — the
 * envelope, the request fields as echoed, and the fields its handler reports — and `Operation`,
 * `oneOf` them discriminated by `type`; and makes POST /operations' body `oneOf` the request schemas,
 * each with the role its type needs (`x-required-role`).
 * Done after the document is built because the set of types is known only at boot.
 */
export function addOperationSchemas(document: OpenAPIObject, types: RegisteredOperationType[]): void {
  const schemas = (document.components ??= {}).schemas ??= {};
  const ref = (name: string): ReferenceObject => ({ $ref: `#/components/schemas/${name}` });
  for (const type of types) {
    const { request, result, role } = type.definition;
    // What submitting (and cancelling) this type needs, for clients and the console.
    (schemas[request.name] as Record<string, unknown>)[ROLE_EXTENSION] = role;
    const parts: Array<SchemaObject | ReferenceObject> = [ref(OperationEnvelope.name), requestPart(schemas, request, result)];
    if (result) parts.push({ $ref: getSchemaPath(result) });
    schemas[operationSchemaName(type)] = {
      description: `A '${type.definition.type}' operation: the envelope, its request fields as submitted (defaults filled in), and what it reports`,
      allOf: parts,
    };
  }
  schemas[OPERATION_SCHEMA] = {
    description: 'An operation of any type; `type` says which',
    oneOf: types.map((t) => ref(operationSchemaName(t))),
    discriminator: { propertyName: 'type', mapping: Object.fromEntries(types.map((t) => [t.definition.type, ref(operationSchemaName(t)).$ref])) },
  };
  const post = document.paths['/operations']?.post;
  if (post) {
    post.requestBody = {
      required: true,
      description: 'an operation request; `type` selects its schema',
      content: {
        'application/json': {
          schema: {
            oneOf: types.map((t) => ({ $ref: getSchemaPath(t.definition.request) })),
            discriminator: { propertyName: 'type', mapping: Object.fromEntries(types.map((t) => [t.definition.type, getSchemaPath(t.definition.request)])) },
          },
        },
      },
    };
  }
}

/**
 * The request's schema as part of its operation's: a reference to it, or — when the handler reports
 * a field of the same name with another type (the result replaces the request's value in the JSON)
 * — a copy without that field, so the parts of `allOf` never contradict each other.
 */
function requestPart(schemas: Record<string, SchemaObject | ReferenceObject>, request: new () => object, result?: new () => object): SchemaObject | ReferenceObject {
  const requestSchema = schemas[request.name] as SchemaObject;
  const resultSchema = result ? (schemas[result.name] as SchemaObject) : undefined;
  const replaced = Object.keys(requestSchema.properties ?? {}).filter((name) => {
    const reported = resultSchema?.properties?.[name] as SchemaObject | undefined;
    const echoed = requestSchema.properties![name] as SchemaObject;
    return reported !== undefined && (reported.type ?? '$ref') !== (echoed.type ?? '$ref');
  });
  if (!replaced.length) return { $ref: getSchemaPath(request) };
  const properties = Object.fromEntries(Object.entries(requestSchema.properties ?? {}).filter(([name]) => !replaced.includes(name)));
  const required = requestSchema.required?.filter((name) => !replaced.includes(name));
  return { ...requestSchema, properties, ...(required ? { required } : {}) };
}
