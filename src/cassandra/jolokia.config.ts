import { readFile } from 'node:fs/promises';
import { ValidationError } from '../common/errors.js';
import { parseJavaProperties } from './java-properties.js';

/** Where and how to reach Cassandra's Jolokia agent. Filled by src/config from CLI flags. */
export interface JolokiaConfig {
  /** Base URL of the agent, e.g. `http://127.0.0.1:8778/jolokia/` (`--jolokia-url`). */
  url: string;
  /** HTTP Basic user (`--jolokia-user`, or `username` in `--jolokia-credentials`). */
  user?: string;
  /** HTTP Basic password (`--jolokia-password`, or `password` in `--jolokia-credentials`). Sensitive. */
  password?: string;
  /** PEM file of the CA that signed the agent's certificate, for `https` URLs (`--jolokia-ca`). */
  caFile?: string;
  /** Timeout of ordinary requests in ms; slow MBean operations use their own, long timeouts. */
  timeoutMs: number;
}

export const DEFAULT_JOLOKIA_URL = 'http://127.0.0.1:8778/jolokia/';
export const DEFAULT_JOLOKIA_TIMEOUT_MS = 10_000;

/** Credentials read from a Java properties file, as Icarus' `--jmx-credentials` reads them. */
export interface JolokiaCredentials {
  user?: string;
  password?: string;
}

/**
 * Reads `username=...` / `password=...` from a Java properties file (Icarus' credentials file
 * format). Values found there override the ones given on the command line, as in Icarus.
 */
export async function readJolokiaCredentialsFile(path: string): Promise<JolokiaCredentials> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw ValidationError.forField('jolokia-credentials', `cannot read ${path} (${reason})`);
  }
  const props = parseJavaProperties(text);
  return { user: props.get('username'), password: props.get('password') };
}
