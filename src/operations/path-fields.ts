import { fileURLToPath } from 'node:url';
import { StringArrayField, StringField } from './request-fields.js';

/*
 * Request fields naming directories and files on the node. Only absolute paths (or file:// URIs, as
 * Esop writes paths back) without `..` are accepted, so a request cannot reach outside what it names.
 */

export const ABSOLUTE_PATH = /^(file:\/\/)?\/(?!.*(^|\/)\.\.(\/|$)).*$/;
const PATH_MESSAGE = "must be an absolute path (or file:// URI) without '..'";

export function PathField(description: string, options: { required?: boolean; default?: string } = {}): PropertyDecorator {
  return StringField(description, { ...options, pattern: ABSOLUTE_PATH, patternMessage: PATH_MESSAGE });
}

export function PathsField(description: string): PropertyDecorator {
  return StringArrayField(description, { pattern: ABSOLUTE_PATH, patternMessage: `each entry ${PATH_MESSAGE}`, example: ['/var/lib/cassandra/data/data'] });
}

/** A path field's value as a plain path (Esop writes paths back as file:// URIs). */
export function toPath(value: string): string {
  return value.startsWith('file://') ? fileURLToPath(value) : value;
}
