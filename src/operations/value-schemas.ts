import type { ApiPropertyOptions, SchemaObject } from '@nestjs/swagger';

/*
 * OpenAPI schemas of Esop's nested request values. Each accepts what the parsers accept: Esop's
 * `{value, unit}` objects and the strings the Icarus Go client sends ("1 hour", "10MBPS").
 */

const DATA_RATE_OBJECT: SchemaObject = {
  type: 'object',
  required: ['value', 'unit'],
  properties: {
    value: { type: 'number', minimum: 0 },
    unit: { type: 'string', enum: ['BPS', 'KBPS', 'MBPS', 'GBPS'], description: 'decimal: 1 KBPS = 1000 bytes/s' },
  },
};

const TIME_OBJECT: SchemaObject = {
  type: 'object',
  required: ['value', 'unit'],
  properties: {
    value: { type: 'number', minimum: 0 },
    unit: { type: 'string', enum: ['SECONDS', 'MINUTES', 'HOURS', 'DAYS'] },
  },
};

/** `bandwidth`: `{value, unit}` or a string such as "10MBPS"; echoed as `{value, unit}`. */
export function dataRateSchema(description: string): ApiPropertyOptions {
  return { description, oneOf: [DATA_RATE_OBJECT, { type: 'string', example: '10MBPS' }] } as ApiPropertyOptions;
}

/** `duration`, `olderThan`: `{value, unit}` or a string such as "1 hour", "14d". */
export function timeSchema(description: string): ApiPropertyOptions {
  return { description, oneOf: [TIME_OBJECT, { type: 'string', example: '1 hour' }] } as ApiPropertyOptions;
}

export const RETRY_SCHEMA = {
  type: 'object',
  description: 'retries of transfers (Esop: interval < 1 → 10, maxAttempts < 1 → 3, an unknown strategy → LINEAR)',
  properties: {
    interval: { type: 'integer', description: 'seconds between tries', default: 10 },
    strategy: { type: 'string', enum: ['LINEAR', 'EXPONENTIAL'], default: 'LINEAR' },
    maxAttempts: { type: 'integer', description: 'retries after the first try', default: 3 },
    enabled: { type: 'boolean', default: false },
  },
} as ApiPropertyOptions;

/** The Go client's model types proxyPort and useProxy as strings; both forms are accepted and echoed as sent. */
export const PROXY_SETTINGS_SCHEMA = {
  type: 'object',
  description: 'S3 proxy, used when proxyHost and proxyPort are set; proxyPassword is never echoed',
  properties: {
    useProxy: { oneOf: [{ type: 'boolean' }, { type: 'string' }], description: 'accepted and ignored, as Esop does' },
    proxyHost: { type: 'string' },
    proxyPort: { oneOf: [{ type: 'integer', minimum: 1, maximum: 65535 }, { type: 'string', pattern: '^\\d{1,5}$' }] },
    proxyUsername: { type: 'string' },
    proxyPassword: { type: 'string', description: 'shown as *****' },
    proxyProtocol: { type: 'string', description: 'http or https, in any case', default: 'https' },
  },
} as ApiPropertyOptions;
