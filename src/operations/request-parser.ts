import { instanceToPlain, plainToInstance } from 'class-transformer';
import { type ValidationError as ClassValidationError, validate } from 'class-validator';
import { type FieldProblem, ValidationError } from '../common/errors.js';
import type { OperationRegistry, RegisteredOperationType } from './operation-registry.js';
import { fieldsEchoedAsSent } from './parsed-field.js';

/**
 * How deeply a request body may nest objects and arrays. Real requests use three levels (`import`,
 * `specificTokens[i]`, `keyspaceTables.ks[i]`); class-transformer walks a body recursively, so a
 * body of thousands of levels (well within the size limit) would otherwise overflow the stack.
 */
export const MAX_BODY_DEPTH = 32;

export interface ParsedRequest {
  registered: RegisteredOperationType;
  /** The request as stored and echoed: defaults filled in, unknown fields dropped. */
  plain: Record<string, unknown>;
  instance: object;
  /** Fields the operation JSON shows as the client sent them, not in `plain`'s normal form (absent when none). */
  echo?: Record<string, unknown>;
}

/**
 * Turns a POST body into a validated request of the type it names. Icarus accepts anything and
 * fails later; we answer 400 naming every bad field, while keeping its tolerance for unknown
 * top-level fields and for numbers and booleans sent as strings.
 */
export async function parseOperationRequest(body: unknown, registry: OperationRegistry): Promise<ParsedRequest> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError('the request body must be a JSON object', [{ field: 'body', problem: 'must be a JSON object' }]);
  }
  const problem = inspectBody(body);
  if (problem) throw new ValidationError(`${problem.field} ${problem.problem}`, [problem]);
  const type = (body as Record<string, unknown>).type;
  if (typeof type !== 'string' || type === '') {
    throw ValidationError.forField('type', `is required; one of ${registry.typeIds().join(', ')}`);
  }
  const registered = registry.get(type);
  if (!registered) {
    throw ValidationError.forField('type', `unknown operation type '${type}'; one of ${registry.typeIds().join(', ')}`);
  }
  const instance = plainToInstance(registered.definition.request, body, { exposeDefaultValues: true }) as object;
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    const problems = flatten(errors);
    throw new ValidationError(
      `invalid '${type}' request: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`,
      problems,
    );
  }
  const plain = instanceToPlain(instance, { exposeUnsetFields: false }) as Record<string, unknown>;
  const sent = body as Record<string, unknown>;
  const echoed = fieldsEchoedAsSent(registered.definition.request).filter((f) => sent[f] !== undefined && sent[f] !== null);
  const echo = echoed.length ? Object.fromEntries(echoed.map((f) => [f, sent[f]])) : undefined;
  return { registered, plain: dropUndefined(plain), instance, ...(echo ? { echo } : {}) };
}

/**
 * Keys that name JavaScript prototype machinery. No request field is called so, and they do harm:
 * an own `constructor` key makes class-transformer take it for the object's class and throw (a 500),
 * and `__proto__` as a map key (keyspaceTables, rename) would set a prototype instead of an entry.
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The first structural problem of a body, before any library walks it: nesting deeper than
 * MAX_BODY_DEPTH, or a prototype key anywhere. Iterative, so it cannot overflow the stack itself.
 */
export function inspectBody(body: unknown): FieldProblem | undefined {
  const pending: Array<{ value: unknown; depth: number; path: string }> = [{ value: body, depth: 1, path: '' }];
  while (pending.length > 0) {
    const { value, depth, path } = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_BODY_DEPTH) {
      return { field: 'body', problem: `must not nest objects and arrays deeper than ${MAX_BODY_DEPTH} levels` };
    }
    for (const [key, child] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) return { field, problem: `is not allowed: '${key}' is a JavaScript prototype key, not a request field` };
      pending.push({ value: child, depth: depth + 1, path: field });
    }
  }
  return undefined;
}

function flatten(errors: ClassValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) out.push({ field, problem: message });
    if (error.children?.length) out.push(...flatten(error.children, field));
  }
  return out;
}

function dropUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
