/**
 * One flag of an `icarus esop` command, declared once: Esop's spellings, the JSON request field it
 * fills and how its text becomes a JSON value. Help, parsing, the request body and error messages
 * (field → flag) are all derived from these declarations.
 */
export interface EsopFlag {
  /** Esop's spellings, all accepted, e.g. `['-s', '--st', '--snapshot-tag']`. */
  names: readonly string[];
  /** Value placeholder such as `<tag>`; absent for switches. */
  arg?: string;
  /** Dotted path in the request body (`retry.interval`); absent = the CLI uses it itself (`--rate`). */
  field?: string;
  kind: FlagKind;
  description: string;
  /** Esop's CLI refuses to run without it. */
  mandatory?: boolean;
}

/**
 * How a flag's text becomes JSON: `string` as given; `int` a number when it looks like one (else the
 * text, so the request parser names the field); `switch` true; `bool` an optional true/false value;
 * `list` repeatable; `rename` repeatable `ks.t=ks.t2` into a map; `keyspaceTables` `ks.t,ks2.t2` into
 * `{"ks":["t"],"ks2":["t2"]}`.
 */
export type FlagKind = 'string' | 'int' | 'switch' | 'bool' | 'list' | 'rename' | 'keyspaceTables';

/** A titled group of flags, shown under its heading in `--help`. */
export interface FlagGroup {
  heading: string;
  flags: EsopFlag[];
}

/** Flags shown and accepted as `-s, --st, --snapshot-tag <tag>`. */
export function flagTerm(flag: EsopFlag): string {
  return flag.arg ? `${flag.names.join(', ')} ${flag.arg}` : flag.names.join(', ');
}

export const text = (names: string[], arg: string, field: string, description: string, mandatory = false): EsopFlag =>
  ({ names, arg, field, kind: 'string', description, mandatory });

export const int = (names: string[], arg: string, field: string, description: string, mandatory = false): EsopFlag =>
  ({ names, arg, field, kind: 'int', description, mandatory });

export const on = (names: string[], field: string, description: string): EsopFlag =>
  ({ names, field, kind: 'switch', description });

export const repeated = (names: string[], arg: string, field: string, description: string): EsopFlag =>
  ({ names, arg, field, kind: 'list', description: `${description} (repeatable)` });

/** Every command: where the backups are and how to talk to the storage (Esop's AbstractOperationRequest). */
export const STORAGE_FLAGS: EsopFlag[] = [
  text(['--sl', '--storage-location'], '<location>', 'storageLocation',
    's3|gcp|azure://bucket[/cluster/dc/node] or file:///dir/bucket/cluster/dc/node', true),
  on(['--insecure-http'], 'insecure', 'talk http instead of https to the storage (Azure)'),
  on(['--skip-bucket-verification'], 'skipBucketVerification', 'do not check that the bucket exists'),
  int(['--cc', '--concurrent-connections'], '<n>', 'concurrentConnections', 'parallel transfers (default 10)'),
  text(['--kmsKeyId'], '<id>', 'kmsKeyId', 'S3: encrypt objects with this AWS KMS key (SSE-KMS)'),
  text(['--k8s-secret-name'], '<name>', 'k8sSecretName',
    'Kubernetes Secret with the storage credentials, mounted under ICARUS_K8S_SECRETS_ROOT (Esop 2.x keys)'),
  text(['--k8s-namespace'], '<namespace>', 'k8sNamespace', 'namespace of that Secret (accepted, as Esop 2.x)'),
];

export const PROXY_FLAGS: EsopFlag[] = [
  on(['--use-proxy'], 'proxySettings.useProxy', 'use the proxy below (S3 only; host and port decide, as Esop)'),
  text(['--proxy-host'], '<host>', 'proxySettings.proxyHost', 'proxy host'),
  int(['--proxy-port'], '<port>', 'proxySettings.proxyPort', 'proxy port'),
  text(['--proxy-username'], '<user>', 'proxySettings.proxyUsername', 'proxy user'),
  text(['--proxy-password'], '<password>', 'proxySettings.proxyPassword', 'proxy password (never printed)'),
  text(['--proxy-protocol'], '<http|https>', 'proxySettings.proxyProtocol', 'proxy protocol (default https)'),
];

export const RETRY_FLAGS: EsopFlag[] = [
  int(['--retry-interval'], '<seconds>', 'retry.interval', 'seconds between attempts (default 10)'),
  text(['--retry-strategy'], '<linear|exponential>', 'retry.strategy', 'how the wait grows (default linear)'),
  int(['--retry-max-attempts'], '<n>', 'retry.maxAttempts', 'attempts per transfer (default 3)'),
  on(['--retry-enabled'], 'retry.enabled', 'retry failed transfers (honoured, unlike Esop)'),
];

export const HASH_FLAG = text(['--hash-algorithm'], '<algorithm>', 'hashAlgorithm', 'SHA-256 (default), CRC or NONE');

/** What backups and commit-log backups share (Esop's BaseBackupOperationRequest). */
export const UPLOAD_FLAGS: EsopFlag[] = [
  repeated(['--data-dir'], '<dir>', 'dataDirs',
    'Cassandra data directory; absent = data_file_directories read from Cassandra through Jolokia ' +
      "(Esop's /var/lib/cassandra/data/data default is not forced)"),
  text(['-d', '--duration'], '<time>', 'duration', 'throttle so the upload takes at least this long, e.g. 1h'),
  text(['-b', '--bandwidth'], '<rate>', 'bandwidth', 'maximum throughput, e.g. 10MBPS'),
  on(['--create-missing-bucket'], 'createMissingBucket', 'create the bucket when it does not exist'),
  text(['--md', '--metadata-directive'], '<COPY|REPLACE>', 'metadataDirective', 'accepted and echoed; no effect (as Esop 3)'),
  on(['--skip-refreshing'], 'skipRefreshing', 'do not refresh objects already in the storage'),
];

/** `list` and `remove-backup`: resolve cluster/dc/node of the storage location from the running node. */
export const RESOLVE_NODES = on(['--resolve-nodes'], 'resolveNodes',
  'complete the storage location with cluster, dc and host id read from Cassandra through Jolokia');

export const CACHE_DIR = text(['--cache-dir'], '<dir>', 'cacheDir', 'local cache of downloaded manifests (default ~/.esop)');

/** The storage, proxy and retry flags every command has, `extra` added to the first group. */
export function storageGroups(...extra: EsopFlag[]): FlagGroup[] {
  return [
    { heading: 'Storage:', flags: [...STORAGE_FLAGS, ...extra] },
    { heading: 'Proxy (S3):', flags: PROXY_FLAGS },
    { heading: 'Retries:', flags: RETRY_FLAGS },
  ];
}
