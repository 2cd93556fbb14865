import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, ValidateBy, type ValidationArguments } from 'class-validator';
import { ValidationError } from '../common/errors.js';

/** A field value its parser refused; kept in place so validation reports it with the other problems. */
class RejectedValue {
  constructor(readonly problem: string) {}
}

/** Per request class (prototype), the fields echoed in the operation JSON as the client sent them. */
const echoedAsSent = new WeakMap<object, string[]>();

/** Fields of a request class, its parents' included, whose operation JSON shows the value as sent. */
export function fieldsEchoedAsSent(requestClass: new () => object): string[] {
  const fields: string[] = [];
  for (let proto = requestClass.prototype as object | null; proto; proto = Object.getPrototypeOf(proto) as object | null) {
    fields.push(...(echoedAsSent.get(proto) ?? []));
  }
  return fields;
}

/**
 * A request field read by a parser (Esop's `{value, unit}` objects and their string forms, storage
 * locations, ...). The parser's normal form is what the request stores and handlers read; the
 * operation JSON echoes it too, unless `echo: 'as-sent'`: then clients get back the very value they
 * sent (the Icarus Go client types `duration` as a string and would fail to read `{value, unit}`).
 * A value the parser refuses becomes a 400 naming the field, reported with every other bad field.
 */
export function ParsedField<T>(
  swagger: ApiPropertyOptions,
  parse: (value: unknown) => T,
  options: { required?: boolean; echo?: 'normalized' | 'as-sent' } = {},
): PropertyDecorator {
  const remember: PropertyDecorator = (target, key) => {
    if (options.echo === 'as-sent') echoedAsSent.set(target, [...(echoedAsSent.get(target) ?? []), String(key)]);
  };
  return applyDecorators(
    remember,
    ApiProperty({ required: options.required ?? false, ...swagger } as ApiPropertyOptions),
    Transform(({ value }) => {
      if (value === null || value === undefined) return undefined;
      try {
        return parse(value);
      } catch (err) {
        if (err instanceof ValidationError) return new RejectedValue(err.problems[0]?.problem ?? err.message);
        throw err;
      }
    }, { toClassOnly: true }),
    options.required ? () => undefined : IsOptional(),
    ValidateBy({
      name: 'parsedField',
      validator: {
        validate: (value: unknown) => value !== undefined && !(value instanceof RejectedValue),
        defaultMessage: (args?: ValidationArguments) =>
          args?.value instanceof RejectedValue ? args.value.problem : 'is required',
      },
    }),
  );
}
