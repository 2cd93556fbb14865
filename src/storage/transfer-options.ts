import { ValidationError } from '../common/errors.js';

/**
 * Request-level storage options in Esop's JSON shapes (§2.2), as plain types plus parsers that the
 * backup/restore request DTOs reuse. Parsers fill Esop's defaults and reject values of the wrong type.
 */

export type RetryStrategy = 'LINEAR' | 'EXPONENTIAL';

/** `retry`: `{interval (s), strategy, maxAttempts (retries after the first try), enabled}`. */
export interface RetrySpec {
  interval: number;
  strategy: RetryStrategy;
  maxAttempts: number;
  enabled: boolean;
}

export type DataRateUnit = 'BPS' | 'KBPS' | 'MBPS' | 'GBPS';
/** `bandwidth`: decimal units, KB = 1000 B. */
export interface DataRate {
  value: number;
  unit: DataRateUnit;
}

export type TimeUnit = 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS';
/** `duration` / `olderThan`. */
export interface TimeSpec {
  value: number;
  unit: TimeUnit;
}

/** `SHA-256` (default, lower-case hex), `CRC` (CRC32 as a decimal string) or `NONE` (no hash, no verification). */
export type HashAlgorithm = 'SHA-256' | 'CRC' | 'NONE';
export const HASH_ALGORITHMS: readonly HashAlgorithm[] = ['SHA-256', 'CRC', 'NONE'];

const RATE_FACTORS: Record<DataRateUnit, number> = { BPS: 1, KBPS: 1e3, MBPS: 1e6, GBPS: 1e9 };
const TIME_FACTORS: Record<TimeUnit, number> = { SECONDS: 1, MINUTES: 60, HOURS: 3600, DAYS: 86400 };
const TIME_SHORT: Record<string, TimeUnit> = { s: 'SECONDS', m: 'MINUTES', h: 'HOURS', d: 'DAYS' };

export const DEFAULT_RETRY: RetrySpec = { interval: 10, strategy: 'LINEAR', maxAttempts: 3, enabled: false };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalNumber(field: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw ValidationError.forField(field, 'must be a number');
  return n;
}

function optionalBoolean(field: string, value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw ValidationError.forField(field, 'must be true or false');
  return value;
}

/** Esop's rules: interval < 1 → 10, maxAttempts < 1 → 3, unknown strategy → LINEAR, enabled defaults to false. */
export function parseRetry(input: unknown, field = 'retry'): RetrySpec {
  if (input === undefined || input === null) return { ...DEFAULT_RETRY };
  if (!isRecord(input)) throw ValidationError.forField(field, 'must be an object');
  const interval = optionalNumber(`${field}.interval`, input.interval);
  const maxAttempts = optionalNumber(`${field}.maxAttempts`, input.maxAttempts);
  const strategy = typeof input.strategy === 'string' && input.strategy.toUpperCase() === 'EXPONENTIAL' ? 'EXPONENTIAL' : 'LINEAR';
  return {
    interval: interval === undefined || interval < 1 ? DEFAULT_RETRY.interval : Math.floor(interval),
    strategy,
    maxAttempts: maxAttempts === undefined || maxAttempts < 1 ? DEFAULT_RETRY.maxAttempts : Math.floor(maxAttempts),
    enabled: optionalBoolean(`${field}.enabled`, input.enabled) ?? false,
  };
}

/** Unit names are matched case-insensitively by prefix, as Esop's CLI does (`10 MB`, `10MBPS`, `10 mbps`). */
function matchUnit<U extends string>(field: string, text: string, units: readonly U[]): U {
  const upper = text.trim().toUpperCase();
  const unit = units.find((u) => upper !== '' && u.startsWith(upper));
  if (!unit) throw ValidationError.forField(field, `unit must be one of ${units.join(', ')}`);
  return unit;
}

/** Accepts `{value, unit}` or a string such as `"20 MBPS"`; null/absent means no limit. */
export function parseDataRate(input: unknown, field = 'bandwidth'): DataRate | null {
  if (input === undefined || input === null) return null;
  const units = Object.keys(RATE_FACTORS) as DataRateUnit[];
  if (typeof input === 'string') {
    const m = /^\s*(\d+)\s*([a-zA-Z]+)\s*$/.exec(input);
    if (!m) throw ValidationError.forField(field, 'must look like "10 MBPS"');
    return { value: Number(m[1]), unit: matchUnit(field, m[2], units) };
  }
  if (!isRecord(input)) throw ValidationError.forField(field, 'must be an object {value, unit}');
  const value = optionalNumber(`${field}.value`, input.value);
  if (value === undefined || value <= 0) throw ValidationError.forField(`${field}.value`, 'must be a positive number');
  return { value, unit: matchUnit(`${field}.unit`, String(input.unit ?? ''), units) };
}

/** Accepts `{value, unit}`, `"1h"`, `"30m"`, `"14d"` or `"5 minutes"`; null/absent means none. */
export function parseTime(input: unknown, field = 'duration'): TimeSpec | null {
  if (input === undefined || input === null) return null;
  const units = Object.keys(TIME_FACTORS) as TimeUnit[];
  if (typeof input === 'string') {
    const m = /^\s*(\d+)\s*([a-zA-Z]+)\s*$/.exec(input);
    if (!m) throw ValidationError.forField(field, 'must look like "1h" or "5 minutes"');
    const short = TIME_SHORT[m[2].toLowerCase()];
    return { value: Number(m[1]), unit: short ?? matchUnit(field, m[2], units) };
  }
  if (!isRecord(input)) throw ValidationError.forField(field, 'must be an object {value, unit}');
  const value = optionalNumber(`${field}.value`, input.value);
  if (value === undefined || value <= 0) throw ValidationError.forField(`${field}.value`, 'must be a positive number');
  return { value, unit: matchUnit(`${field}.unit`, String(input.unit ?? ''), units) };
}

export function parseHashAlgorithm(input: unknown, field = 'hashAlgorithm'): HashAlgorithm {
  if (input === undefined || input === null) return 'SHA-256';
  const upper = String(input).toUpperCase();
  const found = HASH_ALGORITHMS.find((a) => a === upper || a.replace('-', '') === upper);
  if (!found) throw ValidationError.forField(field, `must be one of ${HASH_ALGORITHMS.join(', ')}`);
  return found;
}

export function bytesPerSecond(rate: DataRate): number {
  return rate.value * RATE_FACTORS[rate.unit];
}

export function seconds(time: TimeSpec): number {
  return time.value * TIME_FACTORS[time.unit];
}

/**
 * The throttle for a transfer of `totalBytes`: Esop's `max(bandwidth, size/duration)`, but as one
 * rate shared by all streams (Esop divided it per connection). Null when neither is set.
 */
export function effectiveRate(bandwidth: DataRate | null, duration: TimeSpec | null, totalBytes: number): number | null {
  const fromBandwidth = bandwidth ? bytesPerSecond(bandwidth) : 0;
  const fromDuration = duration ? totalBytes / seconds(duration) : 0;
  const rate = Math.max(fromBandwidth, fromDuration);
  return rate > 0 ? rate : null;
}

/** Delay before retry number `retry` (1-based): LINEAR waits `interval`, EXPONENTIAL doubles it each time. */
export function retryDelayMs(spec: RetrySpec, retry: number): number {
  const factor = spec.strategy === 'EXPONENTIAL' ? 2 ** (retry - 1) : 1;
  return spec.interval * factor * 1000;
}
