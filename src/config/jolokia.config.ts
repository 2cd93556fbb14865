import { readFileSync } from 'node:fs';
import { type OptionSpec, type ProblemList, type RawValues, parsePositiveInt, readParsed } from './option.js';

/** How the sidecar reaches Cassandra's Jolokia agent (JMX over HTTP). */
export interface JolokiaSettings {
  url: string;
  user?: string;
  /** Secret: never logged. */
  password?: string;
  /** PEM file of the CA that signed the agent's certificate, for https URLs. */
  caFile?: string;
  /** Timeout of ordinary reads and quick operations (ms); slow MBean operations have their own. */
  timeoutMs: number;
}

export const JOLOKIA_OPTIONS = {
  url: { key: 'jolokiaUrl', flags: '--jolokia-url <url>', env: 'JOLOKIA_URL', default: 'http://127.0.0.1:8778/jolokia/',
    description: "URL of Cassandra's Jolokia JVM agent" },
  user: { key: 'jolokiaUser', flags: '--jolokia-user <user>', env: 'JOLOKIA_USER',
    description: 'Jolokia basic-auth user' },
  password: { key: 'jolokiaPassword', flags: '--jolokia-password <password>', env: 'JOLOKIA_PASSWORD', sensitive: true,
    description: 'Jolokia basic-auth password' },
  credentials: { key: 'jolokiaCredentials', flags: '--jolokia-credentials <file>', env: 'JOLOKIA_CREDENTIALS',
    description: 'properties file with username=... and password=...; overrides --jolokia-user/--jolokia-password' },
  ca: { key: 'jolokiaCa', flags: '--jolokia-ca <file>', env: 'JOLOKIA_CA',
    description: 'PEM CA certificate to trust for an https Jolokia URL' },
  timeout: { key: 'jolokiaTimeout', flags: '--jolokia-timeout <ms>', env: 'JOLOKIA_TIMEOUT_MS', default: '10000',
    description: 'timeout of quick Jolokia calls in ms (slow operations such as drain have their own)' },
} satisfies Record<string, OptionSpec>;

export function readJolokiaSettings(cli: RawValues, env: NodeJS.ProcessEnv, problems: ProblemList): JolokiaSettings {
  const o = JOLOKIA_OPTIONS;
  const settings: JolokiaSettings = {
    url: readParsed(o.url, cli, env, problems, parseHttpUrl) ?? 'http://127.0.0.1:8778/jolokia/',
    user: readParsed(o.user, cli, env, problems, (t) => t),
    password: readParsed(o.password, cli, env, problems, (t) => t),
    caFile: readParsed(o.ca, cli, env, problems, readableFile),
    timeoutMs: readParsed(o.timeout, cli, env, problems, parsePositiveInt) ?? 10_000,
  };
  const fromFile = readParsed(o.credentials, cli, env, problems, readCredentialsFile);
  if (fromFile?.username) settings.user = fromFile.username;
  if (fromFile?.password) settings.password = fromFile.password;
  return settings;
}

function parseHttpUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`'${text}' is not a URL`);
  }
  if (!['http:', 'https:'].includes(url.protocol)) throw new Error(`'${text}' must be an http:// or https:// URL`);
  return text.endsWith('/') ? text : `${text}/`;
}

function readableFile(path: string): string {
  readFileSync(path);
  return path;
}

/** Java-properties style `key=value` lines, as Icarus' --jmx-credentials file. */
export function readCredentialsFile(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const m = /^\s*([^#!=:\s]+)\s*[=:]\s*(.*?)\s*$/.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}
