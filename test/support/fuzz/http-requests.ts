import { gzipSync } from 'node:zlib';
import { type BodyFactory, type BodyKind } from './request-bodies.js';
import { NASTY_STRINGS, POLLUTION_KEYS, type Random } from './random.js';

/*
 * Raw HTTP requests for the fuzz test: POST bodies as bytes (so they can be invalid JSON or invalid
 * UTF-8), with assorted content types and encodings, and GET/DELETE requests with odd ids and query
 * strings. Paths are sent as written (node:http, not fetch, which would normalise them).
 */

export interface FuzzRequest {
  /** What was generated, for the report: a body kind, `raw:*` or `query:*`. */
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** Mostly JSON, so most bodies reach validation; the others are refused by the body parser (or, for text/plain, by the CORS guard). */
const CONTENT_TYPES = ['application/json; charset=utf-8', 'text/plain',
  'application/json; charset=latin1', 'application/json; charset=utf-16le', 'application/json; charset=bogus', 'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x', '', 'application/merge-patch+json', '*/*'];

const BODY_KINDS: Array<[BodyKind, number]> = [['field', 55], ['semantic', 14], ['type', 8], ['random', 10], ['pollution', 6]];

/** A POST /operations request; about 7 % are raw (malformed) bodies. */
export function postRequest(random: Random, bodies: BodyFactory): FuzzRequest {
  if (random.chance(0.07)) return rawPost(random, bodies);
  let roll = random.int(1, BODY_KINDS.reduce((sum, [, w]) => sum + w, 0));
  const kind = BODY_KINDS.find(([, weight]) => (roll -= weight) <= 0)![0];
  const text = JSON.stringify(bodies.body(kind));
  return withHeaders(random, { kind, method: 'POST', path: '/operations', headers: {}, body: Buffer.from(text) });
}

function withHeaders(random: Random, request: FuzzRequest): FuzzRequest {
  const type = random.chance(0.75) ? 'application/json' : random.pick(CONTENT_TYPES);
  if (type) request.headers['content-type'] = type;
  if (request.body && random.chance(0.04)) {
    const encoding = random.pick(['gzip', 'gzip', 'deflate', 'br', 'zstd', 'x-unknown']);
    request.headers['content-encoding'] = encoding;
    if (encoding === 'gzip' && random.chance(0.6)) request.body = gzipSync(request.body);
  }
  return request;
}

/** Bodies that are not (valid) JSON, or JSON built to exhaust the parser. Every one is refusable. */
function rawPost(random: Random, bodies: BodyFactory): FuzzRequest {
  const invalid = () => JSON.stringify(bodies.body('field'));
  const badTypeBody = () => ({ ...(bodies.body('type') as object), type: random.pick(['nope', 5, null, 'DRAIN', ['drain']]) });
  const variants: Array<[string, () => Buffer]> = [
    ['truncated', () => { const t = invalid(); return Buffer.from(t.slice(0, random.int(0, t.length - 1))); }],
    // Inserted bytes may turn a broken field's name into an unknown (ignored) one, so they go into a body whose type is already wrong.
    ['bad-utf8', () => { const t = Buffer.from(JSON.stringify(badTypeBody())); const at = random.int(1, t.length - 1); return Buffer.concat([t.subarray(0, at), random.pick(BAD_UTF8), t.subarray(at)]); }],
    ['utf8-in-string', () => Buffer.from(invalid().replace(/":"/, `":"${'\u0000'}`).replace(/"([^"]*)"}$/, '"$1\uFFFD"}'))],
    ['bytes', () => random.bytes(random.int(0, 2000))],
    ['deep', () => deepBody(random)],
    ['huge-string', () => Buffer.from(JSON.stringify({ ...(bodies.body('field') as object), note: 'x'.repeat(random.pick([100_000, 900_000, 1_100_000])) }))],
    ['huge-array', () => Buffer.from(`{"type":"flush","keyspace":"../x","tables":[${'"t",'.repeat(150_000)}"t"]}`)],
    // A valid type first, an invalid one last: JSON.parse keeps the last, which must be the one judged.
    ['duplicate-type', () => Buffer.from(`{"type":"drain",${JSON.stringify(badTypeBody()).slice(1)}`)],
    ['bom', () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(invalid())])],
    ['number-literals', () => Buffer.from(`{"type":"flush","keyspace":1e999,"jobs":-0,"x":123456789012345678901234567890e-400}`)],
    ['empty', () => Buffer.alloc(0)],
    ['whitespace', () => Buffer.from(' \n\t ')],
    ['scalar', () => Buffer.from(random.pick(['null', 'true', '0', '"drain"', '[]', '[{"type":"drain"}]', 'NaN', 'undefined', '{}']))],
    ['comment', () => Buffer.from('{"type":"drain" /* x */}')],
    ['single-quotes', () => Buffer.from("{'type':'drain'}")],
    ['trailing-comma', () => Buffer.from('{"type":"drain",}')],
    ['two-documents', () => Buffer.from('{"type":"x"}{"type":"drain"}')],
  ];
  const [name, make] = random.pick(variants);
  return withHeaders(random, { kind: `raw:${name}`, method: 'POST', path: '/operations', headers: {}, body: make() });
}

const BAD_UTF8 = [Buffer.from([0xff]), Buffer.from([0xc0, 0xaf]), Buffer.from([0xe0, 0x80]), Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]), Buffer.from([0x80]), Buffer.from([0xfe, 0xfe, 0xff])];

/** 10,000+ levels of arrays or objects, at the top or inside a field. */
function deepBody(random: Random): Buffer {
  const levels = random.pick([10_000, 50_000, 200_000]);
  const nest = random.chance(0.5) ? ['['.repeat(levels), ']'.repeat(levels)] : ['{"a":'.repeat(levels) + '1', '}'.repeat(levels)];
  const inner = nest.join('');
  return Buffer.from(random.chance(0.5) ? inner : `{"type":"${random.pick(['flush', 'backup', 'restore', 'drain'])}","keyspace":"..","x":${inner}}`);
}

const OPERATION_PATHS = ['/operations'];
const RESOURCE_PATHS = ['/version', '/version/sidecar', '/version/cassandra', '/version/schema', '/status', '/topology', '/config', '/docs-json',
  '/dashboard/api/queues', '/dashboard/api/redis/stats', '/operations/', '/operations//', '/version/', '/versions', '/'];
const QUERY_KEYS = ['type', 'state', 'id', 'page', 'jobsPerPage', 'status', 'activeQueue', 'query', 'sort', 'dc', ...POLLUTION_KEYS,
  'type[]', 'type[0]', 'type[__proto__]', 'state[a][b]', 'type[constructor][prototype]', '__proto__[x]', 'constructor[prototype][x]', ''];
const RAW_ESCAPES = ['%', '%zz', '%E0%A4%A', '%00', '%2F..%2F', '%C0%AF', '%FF', '%u0041', '+', '&&', '=', '==', '#x'];

/** Percent-encodes UTF-8 bytes; unlike encodeURIComponent it takes lone surrogates (as U+FFFD). */
function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => (/[A-Za-z0-9._~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/** An id for /operations/{id}: never one of an existing operation (none is ever created). */
function weirdId(random: Random): string {
  return random.pick([
    () => '', () => '%00', () => '..%2F..%2Fetc%2Fpasswd', () => 'a'.repeat(random.int(37, 6000)), () => '00000000-0000-4000-8000-000000000000',
    () => 'FFFFFFFF-FFFF-4FFF-8FFF-FFFFFFFFFFFF', () => '__proto__', () => 'constructor', () => '%E0%A4%A', () => ';', () => '.', () => '..',
    () => percentEncode(random.pick(NASTY_STRINGS)), () => random.chars(36, '0123456789abcdef-'), () => `${random.chars(8, 'abcdef')}-x`,
  ])();
}

/** A query string: repeated keys, arrays and objects in qs syntax, broken escapes, huge values. */
function queryString(random: Random): string {
  const parts: string[] = [];
  for (let i = random.int(0, 12); i > 0; i--) {
    const key = random.chance(0.85) ? random.pick(QUERY_KEYS) : random.chars(random.int(1, 10), 'abc[]._-');
    const value = random.pick([
      () => random.pick(['FLUSH', 'flush', 'COMPLETED', 'RUNNING', 'latest', 'failed', '1', '-1', '0', '1e9', 'NaN'] as string[]),
      () => random.pick(NASTY_STRINGS),
      () => random.chars(random.int(0, 20), 'abc/.%'),
      () => 'x'.repeat(random.pick([1000, 7000, 20_000])),
    ])();
    const encodedKey = percentEncode(key).replace(/%5B/g, '[').replace(/%5D/g, ']');
    parts.push(`${encodedKey}=${percentEncode(value)}${random.chance(0.1) ? random.pick(RAW_ESCAPES) : ''}`);
  }
  if (random.chance(0.1)) parts.push(random.pick(RAW_ESCAPES));
  return parts.length > 0 || random.chance(0.5) ? `?${parts.join('&')}` : '';
}

/** A GET (or DELETE/HEAD/OPTIONS/PUT) of an endpoint, with a random query string. */
export function queryRequest(random: Random): FuzzRequest {
  const roll = random.int(1, 100);
  let method = 'GET';
  let path: string;
  if (roll <= 30) path = random.pick(OPERATION_PATHS);
  else if (roll <= 55) {
    path = `/operations/${weirdId(random)}`;
    method = random.pick(['GET', 'GET', 'DELETE', 'DELETE', 'HEAD', 'PUT', 'PATCH']);
  } else if (roll <= 65) path = `/topology/${random.pick(['dc1', 'dc1,dc1', ',,,', '__proto__', 'constructor', '%E0%A4%A', 'dc1,nope', percentEncode(random.pick(NASTY_STRINGS)), 'd'.repeat(5000)])}`;
  else if (roll <= 72) {
    path = `/dashboard/api/queues/operations/${weirdId(random)}`;
    method = random.pick(['GET', 'PUT', 'DELETE']);
  } else if (roll <= 77) {
    path = random.pick(['/dashboard/api/queues/operations/retry/failed', '/dashboard/api/queues/operations/clean/completed',
      '/dashboard/api/queues/operations/pause', '/dashboard/api/queues/operations/add', '/dashboard/api/queues/operations/empty']);
    method = random.pick(['PUT', 'POST', 'DELETE']);
  } else if (roll <= 80) path = random.pick(['/%2e%2e/%2e%2e/etc/passwd', '/..;/operations', '/operations/../config', '/dashboard/../operations', '//operations', '/operations%2F', '/docs/../../etc/passwd']);
  else path = random.pick(RESOURCE_PATHS);
  if (random.chance(0.05)) method = 'OPTIONS';
  return { kind: `query:${method}`, method, path: path + queryString(random), headers: random.chance(0.2) ? { 'content-type': 'application/json' } : {} };
}
