import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: under nodenext its default import is module.exports, the plugin itself.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

type Json = Record<string, any>;

/**
 * The served OpenAPI document as a contract for live answers: checks a response body against the
 * schema documented for its path, method and status, and finds operation fields no schema names.
 * OpenAPI 3.0 schemas are JSON Schema plus a few keywords (discriminator, example, nullable) that
 * ajv ignores here; `format`s (uuid, date-time, …) are checked.
 */
export class ResponseContract {
  private readonly ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly document: Json) {
    this.ajv.addSchema({ $id: 'doc', components: document.components });
  }

  static async load(baseUrl: string): Promise<ResponseContract> {
    const response = await fetch(`${baseUrl}/docs-json`);
    if (response.status !== 200) throw new Error(`/docs-json answered ${response.status}`);
    return new ResponseContract((await response.json()) as Json);
  }

  /** The schema documented for an answer, or undefined when the document gives none. */
  schemaOf(method: string, path: string, status: number): Json | undefined {
    const responses = this.document.paths?.[path]?.[method.toLowerCase()]?.responses;
    return responses?.[String(status)]?.content?.['application/json']?.schema;
  }

  /** Throws unless `body` is valid against the schema of that answer. */
  check(method: string, path: string, status: number, body: unknown): void {
    const key = `${method} ${path} ${status}`;
    let validate = this.validators.get(key);
    if (!validate) {
      const schema = this.schemaOf(method, path, status);
      if (!schema) throw new Error(`/docs-json documents no JSON body for ${key}`);
      validate = this.ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/')));
      this.validators.set(key, validate);
    }
    if (!validate(body)) {
      throw new Error(`${key}: the body does not match its schema: ${this.ajv.errorsText(validate.errors, { separator: '; ' })}\n${JSON.stringify(body)}`);
    }
  }

  /** Top-level fields of an operation's JSON that its type's schema (envelope, request, result) does not name. */
  undocumentedFields(operation: Json): string[] {
    const mapping = this.document.components.schemas.Operation.discriminator.mapping as Record<string, string>;
    const ref = mapping[operation.type];
    if (!ref) return [`type ${String(operation.type)} has no schema`];
    const named = new Set<string>();
    const collect = (schema: Json): void => {
      if (schema.$ref) return collect(this.resolve(schema.$ref));
      for (const part of schema.allOf ?? []) collect(part);
      for (const name of Object.keys(schema.properties ?? {})) named.add(name);
    };
    collect(this.resolve(ref));
    return Object.keys(operation).filter((field) => !named.has(field));
  }

  private resolve(ref: string): Json {
    return this.document.components.schemas[ref.replace('#/components/schemas/', '')];
  }
}
