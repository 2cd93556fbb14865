import { type OptionSpec, type ProblemList, type RawValues, parsePositiveInt, readParsed } from './option.js';
import { parseTime, parseTimeOfSeconds } from './time.js';

/** How a sidecar coordinating a cluster-wide operation finds and follows the other nodes' sidecars. */
export interface CoordinationConfig {
  /** URL of a peer's sidecar with {address} {hostname} {hostId} {dc} {rack} {port}; undefined = Icarus' rule. */
  peerUrlTemplate?: string;
  /** Fixed sidecar URL per node, keyed by host id (or address); wins over the template. */
  peerUrls: Record<string, string>;
  /** Node jobs and phase gates followed at once (one per node of a running phase). */
  concurrency: number;
  /** How long a peer may stay unreachable while its operation is followed before the node counts as failed (ms). */
  unreachableGraceMs: number;
  /** Upper bound of a request's per-node `timeout` (ms); undefined = none. */
  maxNodeTimeoutMs?: number;
}

export const PEER_URL_PLACEHOLDERS = ['address', 'hostname', 'hostId', 'dc', 'rack', 'port'] as const;

export const COORDINATION_OPTIONS = {
  template: { key: 'peerUrlTemplate', flags: '--peer-url-template <template>', env: 'ICARUS_PEER_URL_TEMPLATE',
    description: 'sidecar URL of each node for cluster-wide operations, with {address} {hostname} {hostId} {dc} {rack} {port}, ' +
      "e.g. http://{hostname}.cassandra.svc:4567; default http://{address}:{port} (Icarus' rule: every sidecar on its node's address and this sidecar's port)" },
  urls: { key: 'peerUrls', flags: '--peer-urls <map>', env: 'ICARUS_PEER_URLS',
    description: 'fixed sidecar URLs of some or all nodes, hostId=url,... (a node address works as key too); wins over --peer-url-template' },
  concurrency: { key: 'coordinationConcurrency', flags: '--coordination-concurrency <n>', env: 'ICARUS_COORDINATION_CONCURRENCY', default: '200',
    description: 'node operations of cluster-wide operations this sidecar follows at once (at least the node count)' },
  grace: { key: 'peerUnreachableGrace', flags: '--peer-unreachable-grace <time>', env: 'ICARUS_PEER_UNREACHABLE_GRACE', default: '30s',
    description: 'how long a peer sidecar may not answer while its operation is followed before that node counts as failed' },
  maxTimeout: { key: 'maxNodeTimeout', flags: '--max-node-timeout <time>', env: 'ICARUS_MAX_NODE_TIMEOUT',
    description: "upper bound of the per-node timeout of cluster-wide operations (their 'timeout' field, in hours); default none" },
} satisfies Record<string, OptionSpec>;

export function readCoordinationConfig(cli: RawValues, env: NodeJS.ProcessEnv, problems: ProblemList): CoordinationConfig {
  const o = COORDINATION_OPTIONS;
  return {
    peerUrlTemplate: readParsed(o.template, cli, env, problems, parseTemplate),
    peerUrls: readParsed(o.urls, cli, env, problems, parsePeerUrls) ?? {},
    concurrency: readParsed(o.concurrency, cli, env, problems, parsePositiveInt) ?? 200,
    unreachableGraceMs: readParsed(o.grace, cli, env, problems, parseTime) ?? 30_000,
    maxNodeTimeoutMs: readParsed(o.maxTimeout, cli, env, problems, parseTimeOfSeconds),
  };
}

export const DEFAULT_COORDINATION_CONFIG: CoordinationConfig = { peerUrls: {}, concurrency: 200, unreachableGraceMs: 30_000 };

/** Fills a peer URL template; placeholders were checked when the option was read. */
export function fillPeerUrlTemplate(template: string, values: Record<(typeof PEER_URL_PLACEHOLDERS)[number], string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name as keyof typeof values]);
}

function parseTemplate(text: string): string {
  const unknown = [...text.matchAll(/\{(\w*)\}/g)].map((m) => m[1]).filter((n) => !(PEER_URL_PLACEHOLDERS as readonly string[]).includes(n));
  if (unknown.length > 0) throw new Error(`unknown placeholder(s) ${unknown.map((n) => `{${n}}`).join(', ')}; use ${PEER_URL_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`);
  const sample = fillPeerUrlTemplate(text, { address: '10.0.0.1', hostname: 'node-1', hostId: '00000000-0000-0000-0000-000000000000', dc: 'dc1', rack: 'rack1', port: '4567' });
  httpUrl(sample);
  return text;
}

function parsePeerUrls(text: string): Record<string, string> {
  const entries = text.split(',').map((e) => e.trim()).filter((e) => e !== '');
  return Object.fromEntries(
    entries.map((entry) => {
      const at = entry.indexOf('=');
      if (at <= 0) throw new Error(`'${entry}' is not hostId=url`);
      return [entry.slice(0, at).trim(), httpUrl(entry.slice(at + 1).trim())];
    }),
  );
}

function httpUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`'${text}' is not a URL`);
  }
  if (!['http:', 'https:'].includes(url.protocol)) throw new Error(`'${text}' must be an http:// or https:// URL`);
  return text.replace(/\/+$/, '');
}

