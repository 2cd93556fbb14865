import { readFileSync } from 'node:fs';
import { readCredentialsFile } from './jolokia.config.js';
import { type OptionSpec, type ProblemList, type RawValues, parsePositiveInt, readParsed } from './option.js';

/**
 * How the sidecar reaches its node over CQL (native protocol): restore drills create scratch tables
 * and compute content digests with it. Only the node's own native address is contacted.
 */
export interface CqlConfig {
  /** `host[:port]`; absent = the node's native address as gossip announces it (read through Jolokia). */
  host?: string;
  user?: string;
  /** Secret: never logged, never in an error or operation JSON. */
  password?: string;
  /** PEM CA to trust: set = the native protocol is spoken over TLS. */
  caFile?: string;
  /** Per-request timeout of the driver (ms); digest pages are small, DDL waits for schema agreement. */
  timeoutMs: number;
}

export const DEFAULT_CQL_CONFIG: CqlConfig = { timeoutMs: 60_000 };

export const CQL_OPTIONS = {
  host: { key: 'cqlHost', flags: '--cql-host <host[:port]>', env: 'ICARUS_CQL_HOST',
    description: "the node's CQL address; default: its native address (rpc_address:native_transport_port) as gossip announces it" },
  user: { key: 'cqlUser', flags: '--cql-user <user>', env: 'ICARUS_CQL_USER',
    description: 'CQL user (PasswordAuthenticator); needs CREATE/DROP on keyspaces drill_* and SELECT on the tables drilled' },
  password: { key: 'cqlPassword', flags: '--cql-password <password>', env: 'ICARUS_CQL_PASSWORD', sensitive: true,
    description: 'CQL password; prefer --cql-credentials' },
  credentials: { key: 'cqlCredentials', flags: '--cql-credentials <file>', env: 'ICARUS_CQL_CREDENTIALS',
    description: 'properties file with username=... and password=... (e.g. a mounted Secret); overrides --cql-user/--cql-password' },
  ca: { key: 'cqlCa', flags: '--cql-ca <file>', env: 'ICARUS_CQL_CA',
    description: 'PEM CA certificate: speak CQL over TLS (client_encryption_options) and trust this CA' },
  timeout: { key: 'cqlTimeout', flags: '--cql-timeout <ms>', env: 'ICARUS_CQL_TIMEOUT_MS', default: '60000',
    description: 'timeout of one CQL request in ms' },
} satisfies Record<string, OptionSpec>;

export function readCqlConfig(cli: RawValues, env: NodeJS.ProcessEnv, problems: ProblemList): CqlConfig {
  const o = CQL_OPTIONS;
  const config: CqlConfig = {
    host: readParsed(o.host, cli, env, problems, parseHost),
    user: readParsed(o.user, cli, env, problems, (t) => t),
    password: readParsed(o.password, cli, env, problems, (t) => t),
    caFile: readParsed(o.ca, cli, env, problems, (path) => (readFileSync(path), path)),
    timeoutMs: readParsed(o.timeout, cli, env, problems, parsePositiveInt) ?? DEFAULT_CQL_CONFIG.timeoutMs,
  };
  const fromFile = readParsed(o.credentials, cli, env, problems, readCredentialsFile);
  if (fromFile?.username) config.user = fromFile.username;
  if (fromFile?.password) config.password = fromFile.password;
  if (config.password !== undefined && config.user === undefined) problems.add(o.user, 'a CQL password needs a user');
  return config;
}

function parseHost(text: string): string {
  if (!/^[A-Za-z0-9.\-:[\]]+$/.test(text)) throw new Error(`'${text}' is not host[:port]`);
  return text;
}
