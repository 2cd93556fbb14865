import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { type OptionSpec, type ProblemList, type RawValues, readBoolean, readParsed } from './option.js';
import { parseRoleMapping } from './role-mapping-file.js';
import { parseTokenFile } from './token-file.js';

/** The certificate and key the server presents, and the CA its clients' certificates must chain to (mTLS). */
export interface TlsFiles {
  certFile: string;
  keyFile: string;
  /** Set: a client certificate signed by this CA authenticates a request (mutual TLS). */
  clientCaFile?: string;
}

/** Who may call the REST API, over what, and what this sidecar presents to its peers. */
export interface SecurityConfig {
  /** Bearer tokens, one per line; re-read when the file changes. Undefined: no token authentication. */
  tokenFile?: string;
  /** GET /health/live and /health/ready answer without credentials (Kubernetes probes cannot present them all). */
  exemptHealth: boolean;
  /** Undefined: plain HTTP. */
  tls?: TlsFiles;
  /** For calls to other sidecars: the CA to trust for https peers and the client certificate to present. */
  peer: { caFile?: string; certFile?: string; keyFile?: string };
  /** Client certificate subject → role rules; undefined: every certificate the client CA signed is `admin`. */
  clientRolesFile?: string;
  /** Cluster-wide operations may send the bearer token to peers over plain http. */
  allowInsecurePeers: boolean;
}

export const SECURITY_OPTIONS = {
  tokenFile: { key: 'authTokenFile', flags: '--auth-token-file <file>', env: 'ICARUS_AUTH_TOKEN_FILE',
    description: 'bearer tokens, one per line (# comments); every request must present one (Authorization: Bearer ...) ' +
      'or a client certificate (--tls-client-ca); the file is re-read when it changes; the first token is presented to peer sidecars' },
  exemptHealth: { key: 'authExemptHealth', flags: '--auth-exempt-health', env: 'ICARUS_AUTH_EXEMPT_HEALTH', boolean: true,
    description: 'answer GET /health/live and /health/ready without credentials (for Kubernetes probes); every other endpoint stays protected' },
  tlsCert: { key: 'tlsCert', flags: '--tls-cert <file>', env: 'ICARUS_TLS_CERT',
    description: 'PEM certificate (chain) to serve HTTPS with; re-read when it changes' },
  tlsKey: { key: 'tlsKey', flags: '--tls-key <file>', env: 'ICARUS_TLS_KEY',
    description: 'PEM private key of --tls-cert; re-read when it changes' },
  tlsClientRoles: { key: 'tlsClientRoles', flags: '--tls-client-roles <file>', env: 'ICARUS_TLS_CLIENT_ROLES',
    description: 'client certificate subjects mapped to roles, one "SUBJECT ROLE" per line (e.g. CN=ops-bot,O=ops operate; * for any); ' +
      'an unmapped certificate may do nothing; default: every certificate the client CA signed is admin; re-read when it changes' },
  allowInsecurePeers: { key: 'allowInsecurePeers', flags: '--allow-insecure-peers', env: 'ICARUS_ALLOW_INSECURE_PEERS', boolean: true,
    description: 'let cluster-wide operations send this sidecar\'s bearer token to peer sidecars over plain http (refused by default)' },
  tlsClientCa: { key: 'tlsClientCa', flags: '--tls-client-ca <file>', env: 'ICARUS_TLS_CLIENT_CA',
    description: 'PEM CA certificate(s): a client certificate they signed authenticates a request (mutual TLS; needs --tls-cert)' },
  peerCa: { key: 'peerCa', flags: '--peer-ca <file>', env: 'ICARUS_PEER_CA',
    description: "PEM CA certificate(s) trusted for https peer sidecars (default: Node's bundled roots)" },
  peerCert: { key: 'peerCert', flags: '--peer-cert <file>', env: 'ICARUS_PEER_CERT',
    description: 'PEM client certificate presented to peer sidecars that ask for one (default: --tls-cert)' },
  peerKey: { key: 'peerKey', flags: '--peer-key <file>', env: 'ICARUS_PEER_KEY',
    description: 'PEM private key of --peer-cert (default: --tls-key)' },
} satisfies Record<string, OptionSpec>;

export function readSecurityConfig(cli: RawValues, env: NodeJS.ProcessEnv, problems: ProblemList): SecurityConfig {
  const o = SECURITY_OPTIONS;
  const tokenFile = readParsed(o.tokenFile, cli, env, problems, checkTokenFile);
  const certFile = readParsed(o.tlsCert, cli, env, problems, (path) => checkPem(path, 'cert'));
  const keyFile = readParsed(o.tlsKey, cli, env, problems, (path) => checkPem(path, 'key'));
  const clientCaFile = readParsed(o.tlsClientCa, cli, env, problems, (path) => checkPem(path, 'ca'));
  const clientRolesFile = readParsed(o.tlsClientRoles, cli, env, problems, checkRoleMapping);
  const peerCa = readParsed(o.peerCa, cli, env, problems, (path) => checkPem(path, 'ca'));
  const peerCert = readParsed(o.peerCert, cli, env, problems, (path) => checkPem(path, 'cert'));
  const peerKey = readParsed(o.peerKey, cli, env, problems, (path) => checkPem(path, 'key'));
  if ((certFile === undefined) !== (keyFile === undefined) && !bothMissingOrBroken(o.tlsCert, o.tlsKey, cli, env)) {
    problems.add(o.tlsCert, 'needs --tls-key, and the other way round');
  }
  if (certFile && keyFile) checkPair(certFile, keyFile, o.tlsCert, problems);
  if (clientCaFile && !certFile) problems.add(o.tlsClientCa, 'client certificates need HTTPS: give --tls-cert and --tls-key too');
  if (clientRolesFile && !clientCaFile) problems.add(o.tlsClientRoles, 'maps client certificates: give --tls-client-ca too');
  if ((peerCert === undefined) !== (peerKey === undefined) && !bothMissingOrBroken(o.peerCert, o.peerKey, cli, env)) {
    problems.add(o.peerCert, 'needs --peer-key, and the other way round');
  }
  if (peerCert && peerKey) checkPair(peerCert, peerKey, o.peerCert, problems);
  return {
    tokenFile,
    exemptHealth: readBoolean(o.exemptHealth, cli, env, problems),
    tls: certFile && keyFile ? { certFile, keyFile, clientCaFile } : undefined,
    peer: { caFile: peerCa, certFile: peerCert ?? (peerKey ? undefined : certFile), keyFile: peerKey ?? (peerCert ? undefined : keyFile) },
    clientRolesFile,
    allowInsecurePeers: readBoolean(o.allowInsecurePeers, cli, env, problems),
  };
}

/** Whether authentication is on at all (tokens, client certificates or both). */
export function authEnabled(security: SecurityConfig): boolean {
  return security.tokenFile !== undefined || security.tls?.clientCaFile !== undefined;
}

/** Readable, and at least one well-formed token: a file without any would lock everyone out from the start. */
function checkTokenFile(path: string): string {
  const { entries, problems } = parseTokenFile(readText(path));
  if (problems.length > 0) throw new Error(`${path}: ${problems.join('; ')}`);
  if (entries.length === 0) throw new Error(`${path} holds no token`);
  return path;
}

/** Readable and every line a rule; an empty file is allowed (no certificate may do anything then). */
function checkRoleMapping(path: string): string {
  const { problems } = parseRoleMapping(readText(path));
  if (problems.length > 0) throw new Error(`${path}: ${problems.join('; ')}`);
  return path;
}

/** The file parses as what it should hold; messages never quote its content (a key is a secret). */
function checkPem(path: string, kind: 'cert' | 'key' | 'ca'): string {
  const pem = readText(path);
  try {
    if (kind === 'ca') createSecureContext({ ca: pem });
    else if (kind === 'cert' && !/-----BEGIN CERTIFICATE-----/.test(pem)) throw new Error('no PEM certificate');
    else if (kind === 'key' && !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) throw new Error('no PEM private key');
  } catch (err) {
    throw new Error(`${path} is not a usable PEM ${kind === 'key' ? 'private key' : 'certificate'} (${(err as Error).message.split('\n')[0]})`);
  }
  return path;
}

function checkPair(certFile: string, keyFile: string, spec: OptionSpec, problems: ProblemList): void {
  try {
    createSecureContext({ cert: readFileSync(certFile), key: readFileSync(keyFile) });
  } catch (err) {
    problems.add(spec, `${certFile} and ${keyFile} do not make a certificate and its key (${(err as Error).message.split('\n')[0]})`);
  }
}

/** A pair with one side refused already reports that side; only a pair with one side absent is incomplete. */
function bothMissingOrBroken(a: OptionSpec, b: OptionSpec, cli: RawValues, env: NodeJS.ProcessEnv): boolean {
  const given = (s: OptionSpec) => cli[s.key] !== undefined || (env[s.env] ?? '') !== '';
  return given(a) === given(b);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}
