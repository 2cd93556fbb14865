import { getMetadataStorage } from 'class-validator';
import { RestoreImport } from '../../../src/modules/restore/restore.request.js';
import { TokenRange } from '../../../src/modules/rebuild/rebuild.request.js';
import { NASTY_STRINGS, type Random } from './random.js';

/*
 * Values that every request field must refuse, derived from the field's own validation metadata
 * (class-validator decorators), so a field added to a request is fuzzed without touching this file.
 * Each value here is invalid whatever the rest of the body holds: the fuzz test relies on that to
 * expect a 4xx for every generated body.
 */

/** What one request field accepts, as its decorators say. */
export interface FieldRule {
  property: string;
  required: boolean;
  checks: Set<string>;
  min?: number;
  max?: number;
  patterns: RegExp[];
  allowed?: unknown[];
  /** Array field whose entries are validated one by one. */
  each: boolean;
  /** Class of a nested object (or of each entry of a nested array). */
  nested?: new () => object;
}

/** Classes of nested request objects; a nested field missing here fails the fuzz test (see rulesOf). */
const NESTED: Record<string, new () => object> = { import: RestoreImport, specificTokens: TokenRange };

/** Invalid forms of the fields read by parsers (ParsedField), by field name. */
const RATE_OR_TIME = ['fast', '10', '', ' ', '-5 PARSECS', '1.5 x', '5 PARSECS', { value: 0, unit: 'DAYS' }, { value: -1, unit: 'DAYS' },
  { value: 'abc', unit: 'DAYS' }, { value: 5, unit: 'PARSECS' }, { value: 5 }, {}, [], [5], true, 5, { value: [], unit: [] }];
const PARSED_INVALID: Record<string, unknown[]> = {
  storageLocation: [42, true, [], {}, ['s3://b/c/d/n'], '', ' ', 's3://', 'ftp://bucket/c/d/n', 'file://relative/bucket/c/d/n', 'file:///',
    'file://', 'gcp://b//dc/n', 's3:/bucket/c/d/n', '://b/c/d/n', 'bucket', 'file:///a//c/d/n', 'file://../../etc/b/c/d/n', 'azure://b/c//n'],
  bandwidth: RATE_OR_TIME,
  duration: RATE_OR_TIME,
  olderThan: RATE_OR_TIME,
  retry: [[], 'x', 5, true, { interval: 'abc' }, { interval: {} }, { maxAttempts: [] }, { maxAttempts: 'many' }, { enabled: 'yes' }, { enabled: 1 }],
  proxySettings: ['x', 5, true, [], { proxyPort: 0 }, { proxyPort: 70000 }, { proxyPort: '80' }, { proxyPort: 1.5 }, { proxyProtocol: 'ftp' },
    { proxyProtocol: 5 }, { proxyHost: 5 }, { proxyUsername: [] }, { proxyPassword: {} }],
  keyspaceTables: [[], 'ks1', 5, true, { 'a/b': ['t1'] }, { '': ['t1'] }, { ks1: [] }, { ks1: [5] }, { ks1: '../t' }, { ks1: ['t1', null] },
    { ['k'.repeat(49)]: ['t1'] }, { ks1: {} }],
  rename: [[], 'x', 5, true, { 'ks1.a': 'b' }, { a: 'ks1.b' }, { 'ks1.a': 5 }, { 'ks1.a': null }, { '../x.y': 'ks1.b' }, { 'ks1.a': 'ks1.b/c' }],
};

/** The validation rules of every field of a request class, `type` excluded. */
export function rulesOf(cls: new () => object): FieldRule[] {
  const rules = new Map<string, FieldRule>();
  for (const m of getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false)) {
    if (m.propertyName === 'type' && cls !== RestoreImport) continue;
    const rule = rules.get(m.propertyName) ?? { property: m.propertyName, required: true, checks: new Set<string>(), patterns: [], each: false };
    rules.set(m.propertyName, rule);
    if (m.type === 'conditionalValidation') rule.required = false;
    if (m.type === 'nestedValidation') {
      rule.nested = NESTED[m.propertyName];
      if (!rule.nested) throw new Error(`fuzz: nested field ${cls.name}.${m.propertyName} has no class in NESTED`);
      rule.each ||= m.each === true;
      rule.checks.add('nested');
    }
    if (m.type !== 'customValidation' || !m.name) continue;
    rule.checks.add(m.name);
    if (m.each) rule.each = true;
    const constraint = m.constraints?.[0];
    if (m.name === 'min') rule.min = constraint as number;
    if (m.name === 'max') rule.max = constraint as number;
    if (m.name === 'matches') rule.patterns.push(constraint as RegExp);
    if (m.name === 'isIn') rule.allowed = constraint as unknown[];
    if (m.name === 'parsedField' && !PARSED_INVALID[m.propertyName]) throw new Error(`fuzz: parsed field ${cls.name}.${m.propertyName} has no invalid values`);
  }
  return [...rules.values()];
}

const NOT_BOOLEAN = [7, 0, -1, 'yes', 'on', '', 'TRUEx', [], {}, [true], 0.5, 'null'];
const NOT_INT = ['abc', 1.5, '1.5', '', ' ', '1e3', '0x10', [], {}, [1], true, 'NaN'];
const NOT_STRING = [5, 0, true, false, [], {}, ['a'], { value: 'a' }, -1.5];
const NOT_ARRAY = ['x', 5, {}, true, { 0: 'a' }];
/** Traversal and separators that path and name patterns must refuse outright. */
const MUST_NOT_MATCH = ['../etc', '/a/../../etc/passwd', 'file://../x', 'relative/path', '/..', '/x/..', '..', 'a/b', 'ks1/../t1', '\u0000'];

/** A value `rule`'s field refuses (or `undefined` with `remove: true` for a required field). */
export function invalidValue(rule: FieldRule, random: Random, current: unknown): { value?: unknown; remove?: boolean } {
  if (rule.required && random.chance(0.12)) return random.chance(0.5) ? { remove: true } : { value: null };
  const { checks } = rule;
  if (checks.has('parsedField')) return { value: random.pick(PARSED_INVALID[rule.property]) };
  if (checks.has('nested')) return { value: invalidNested(rule, random, current) };
  if (checks.has('isBoolean')) return { value: random.pick(NOT_BOOLEAN) };
  if (checks.has('isInt')) {
    const options: unknown[] = [...NOT_INT];
    if (rule.min !== undefined) options.push(rule.min - 1, rule.min - 1000);
    if (rule.max !== undefined) options.push(rule.max + 1, 1e300, String(rule.max + 1));
    return { value: random.pick(options) };
  }
  if (checks.has('isIn')) return { value: random.pick(['NOPE', 5, [], {}, 'IN PLACE', '', '*', ...NOT_STRING.slice(0, 3)].filter((v) => !rule.allowed?.includes(v))) };
  if (checks.has('isArray')) {
    if (random.chance(0.4)) return { value: random.pick(NOT_ARRAY) };
    const entry = checks.has('isString') && random.chance(0.4) ? random.pick(NOT_STRING) : badString(rule, random);
    if (entry === undefined) return { value: random.pick(NOT_ARRAY) };
    const valid = Array.isArray(current) ? current : [];
    return { value: random.shuffle([...valid, entry]) };
  }
  if (checks.has('isString')) {
    const bad = random.chance(0.5) ? badString(rule, random) : undefined;
    if (bad !== undefined) return { value: bad };
    if (checks.has('isNotEmpty') && random.chance(0.3)) return { value: '' };
    return { value: random.pick(NOT_STRING) };
  }
  throw new Error(`fuzz: no invalid value known for field ${rule.property} (${[...checks].join(', ')})`);
}

/** A string the field's patterns refuse; traversal forms for paths and names. Undefined when the field takes any string. */
function badString(rule: FieldRule, random: Random): string | undefined {
  if (rule.patterns.length === 0) return undefined;
  const candidates = [...MUST_NOT_MATCH, ...NASTY_STRINGS, random.chars(random.int(1, 40), 'ab/.\\ %:*\u00e9')];
  const refused = candidates.filter((s) => rule.patterns.some((p) => !new RegExp(p.source, p.flags).test(s)));
  return random.pick(refused.length > 0 ? refused : MUST_NOT_MATCH);
}

function invalidNested(rule: FieldRule, random: Random, current: unknown): unknown {
  if (random.chance(0.35)) return random.pick(rule.each ? ['x', 5, true, {}, [5], ['x'], [null]] : ['x', 5, true, [1], ['x']]);
  const nestedRules = rulesOf(rule.nested!);
  const base = (rule.each ? (Array.isArray(current) ? current[0] : undefined) : current) ?? {};
  const entry = { ...(base as Record<string, unknown>) };
  const target = random.pick(nestedRules);
  const bad = invalidValue(target, random, entry[target.property]);
  if (bad.remove) delete entry[target.property];
  else entry[target.property] = bad.value;
  return rule.each ? random.shuffle([...(Array.isArray(current) ? current : []), entry]) : entry;
}
