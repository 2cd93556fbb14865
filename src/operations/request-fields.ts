import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/*
 * Field decorators for operation request DTOs. Each one documents the field in Swagger, keeps
 * Icarus' tolerance ("true"/"5" strings accepted for booleans/numbers, null = absent) and validates
 * it, so a bad request is refused at the door with the field named.
 */

interface Common {
  required?: boolean;
  example?: unknown;
}

const nullToUndefined = Transform(({ value }) => (value === null ? undefined : value));

/** The discriminator: must equal the registered type id. */
export function TypeField(type: string): PropertyDecorator {
  return applyDecorators(ApiProperty({ enum: [type], description: 'operation type', required: true }), IsIn([type]));
}

export function BooleanField(description: string, options: Common & { default?: boolean } = {}): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: Boolean, description, default: options.default ?? false, required: options.required ?? false }),
    Transform(({ value }) => coerceBoolean(value)),
    optionalUnless(options.required),
    IsBoolean({ message: 'must be a boolean' }),
  );
}

export function IntField(
  description: string,
  options: Common & { default?: number; min?: number; max?: number } = {},
): PropertyDecorator {
  const decorators = [
    ApiProperty({ type: 'integer', description, default: options.default, minimum: options.min, maximum: options.max,
      required: options.required ?? false }),
    Transform(({ value }) => coerceInt(value)),
    optionalUnless(options.required),
    IsInt({ message: 'must be a whole number' }),
  ];
  if (options.min !== undefined) decorators.push(Min(options.min, { message: `must be at least ${options.min}` }));
  if (options.max !== undefined) decorators.push(Max(options.max, { message: `must be at most ${options.max}` }));
  return applyDecorators(...decorators);
}

export function StringField(
  description: string,
  options: Common & { default?: string; pattern?: RegExp; patternMessage?: string } = {},
): PropertyDecorator {
  const decorators = [
    ApiProperty({ type: String, description, default: options.default, required: options.required ?? false,
      example: options.example, pattern: options.pattern?.source }),
    nullToUndefined,
    optionalUnless(options.required),
    IsString({ message: 'must be a string' }),
  ];
  if (options.required) decorators.push(IsNotEmpty({ message: 'must not be empty' }));
  if (options.pattern) decorators.push(Matches(options.pattern, { message: options.patternMessage ?? 'has an invalid format' }));
  return applyDecorators(...decorators);
}

export function StringArrayField(
  description: string,
  options: Common & { pattern?: RegExp; patternMessage?: string } = {},
): PropertyDecorator {
  const decorators = [
    ApiProperty({ type: [String], description, required: options.required ?? false, example: options.example }),
    nullToUndefined,
    optionalUnless(options.required),
    IsArray({ message: 'must be an array of strings' }),
    IsString({ each: true, message: 'must be an array of strings' }),
  ];
  if (options.pattern) {
    decorators.push(Matches(options.pattern, { each: true, message: options.patternMessage ?? 'has an invalid entry' }));
  }
  return applyDecorators(...decorators);
}

/** Enum given as a string; Icarus matches these case-insensitively and writes them upper-case. */
export function EnumField(
  description: string,
  values: readonly string[],
  options: Common & { default?: string } = {},
): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ enum: values, description, default: options.default, required: options.required ?? false }),
    Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value === null ? undefined : value)),
    optionalUnless(options.required),
    IsIn(values as string[], { message: `must be one of ${values.join(', ')}` }),
  );
}

function optionalUnless(required: boolean | undefined): PropertyDecorator {
  return required ? () => undefined : IsOptional();
}

export function coerceBoolean(value: unknown): unknown {
  if (value === null) return undefined;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return value;
}

export function coerceInt(value: unknown): unknown {
  if (value === null) return undefined;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  return value;
}
