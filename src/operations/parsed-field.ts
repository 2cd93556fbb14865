import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, ValidateBy, type ValidationArguments } from 'class-validator';
import { ValidationError } from '../common/errors.js';

/** A field value its parser refused; kept in place so validation reports it with the other problems. */
class RejectedValue {
  constructor(readonly problem: string) {}
}

/**
 * A request field read by a parser (Esop's `{value, unit}` objects and their string forms, storage
 * locations, ...). The parser's normal form is what the request stores and echoes; a value it
 * refuses becomes a 400 naming the field, reported together with every other bad field.
 */
export function ParsedField<T>(
  swagger: ApiPropertyOptions,
  parse: (value: unknown) => T,
  options: { required?: boolean } = {},
): PropertyDecorator {
  return applyDecorators(
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
