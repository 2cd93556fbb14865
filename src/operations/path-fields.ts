import { applyDecorators } from '@nestjs/common';
import { fileURLToPath } from 'node:url';
import { StringArrayField, StringField } from './request-fields.js';

/*
 * Request fields naming directories and files on the node. Only absolute paths (or file:// URIs, as
 * Esop writes paths back) without `..` are accepted, so a request cannot reach outside what it names;
 * where they may point is then checked against the allowed directories (AllowedPaths).
 */

export const ABSOLUTE_PATH = /^(file:\/\/)?\/(?!.*(^|\/)\.\.(\/|$)).*$/;
const PATH_MESSAGE = "must be an absolute path (or file:// URI) without '..'";

/** Path fields of each request class, by the prototype declaring them. */
const PATH_FIELDS = new WeakMap<object, string[]>();

function markPathField(): PropertyDecorator {
  return (target, property) => {
    PATH_FIELDS.set(target, [...(PATH_FIELDS.get(target) ?? []), String(property)]);
  };
}

/** Names of the path fields of a request object, those of its base classes included. */
export function pathFieldsOf(request: object): string[] {
  const out: string[] = [];
  for (let proto = Object.getPrototypeOf(request); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    out.push(...(PATH_FIELDS.get(proto) ?? []));
  }
  return out;
}

export function PathField(description: string, options: { required?: boolean; default?: string } = {}): PropertyDecorator {
  return applyDecorators(StringField(description, { ...options, pattern: ABSOLUTE_PATH, patternMessage: PATH_MESSAGE }), markPathField());
}

export function PathsField(description: string): PropertyDecorator {
  return applyDecorators(
    StringArrayField(description, { pattern: ABSOLUTE_PATH, patternMessage: `each entry ${PATH_MESSAGE}`, example: ['/var/lib/cassandra/data/data'] }),
    markPathField(),
  );
}

/** A path field's value as a plain path (Esop writes paths back as file:// URIs). */
export function toPath(value: string): string {
  return value.startsWith('file://') ? fileURLToPath(value) : value;
}
