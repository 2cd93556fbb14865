import { OperationType } from '../../operations/operation-type.js';
import type { EsopCommandSpec } from './esop-command-spec.js';
import { type EsopFlag, HASH_FLAG, int, on, repeated, storageGroups, text } from './esop-flag.js';

/** Esop's `--import-source-dir` default: where HARDLINKS/IMPORT restores download to. */
export const DEFAULT_IMPORT_SOURCE_DIR = '/tmp/cassandra-import-source';

const importSwitch = (name: string, field: string, description: string, cliDefault = false): EsopFlag => ({
  names: [name],
  arg: cliDefault ? '[true|false]' : undefined,
  field: `import.${field}`,
  kind: cliDefault ? 'bool' : 'switch',
  description: cliDefault ? `${description} (default true on the command line, as Esop's CLI)` : description,
});

const IMPORT_FLAGS: EsopFlag[] = [
  text(['--import-source-dir'], '<dir>', 'import.sourceDir', `download directory (default ${DEFAULT_IMPORT_SOURCE_DIR})`),
  text(['--import-keyspace'], '<keyspace>', 'import.keyspace', 'standalone import: keyspace'),
  text(['--import-table'], '<table>', 'import.table', 'standalone import: table'),
  text(['--table-path'], '<path>', 'import.tablePath', 'standalone import: directory of the table'),
  importSwitch('--import-keep-level', 'keepLevel', 'keep the level of the imported SSTables'),
  importSwitch('--import-keep-repaired', 'keepRepaired', 'keep the repaired status of the imported SSTables'),
  importSwitch('--import-no-verify', 'noVerify', 'do not verify the imported SSTables', true),
  importSwitch('--import-no-verify-tokens', 'noVerifyTokens', 'do not check the tokens are owned by this node', true),
  importSwitch('--import-no-invalidate-caches', 'noInvalidateCaches', 'do not invalidate the row cache', true),
  importSwitch('--import-quick', 'quick', 'no verification, no cache invalidation'),
  importSwitch('--import-extended-verify', 'extendedVerify', 'verify every value of the imported SSTables'),
];

/**
 * Esop's CLI always sends an import section with noVerify, noVerifyTokens and noInvalidateCaches
 * true and its source directory. We send it when the strategy needs it (HARDLINKS, IMPORT) or an
 * --import-* flag is given, so an IN_PLACE request stays what a REST client would send.
 */
function completeImport(body: Record<string, unknown>): void {
  const strategy = String(body.restorationStrategyType ?? '').toUpperCase();
  if (body.import === undefined && (strategy === '' || strategy === 'IN_PLACE')) return;
  body.import = {
    type: OperationType.Import,
    sourceDir: DEFAULT_IMPORT_SOURCE_DIR,
    noVerify: true,
    noVerifyTokens: true,
    noInvalidateCaches: true,
    ...(body.import as Record<string, unknown> | undefined),
  };
}

export const RESTORE_COMMAND: EsopCommandSpec = {
  name: 'restore',
  type: OperationType.Restore,
  description: 'download a backup and restore it into this node (IN_PLACE, HARDLINKS or IMPORT)',
  cassandra: true,
  groups: [
    {
      heading: 'Restore:',
      flags: [
        text(['-s', '--st', '--snapshot-tag'], '<tag>', 'snapshotTag', 'snapshot to restore (a prefix of the manifest name)', true),
        text(['--restoration-strategy-type'], '<type>', 'restorationStrategyType', 'IN_PLACE, HARDLINKS or IMPORT', true),
        text(['--restoration-phase-type'], '<phase>', 'restorationPhase', 'HARDLINKS/IMPORT: init, download, truncate, import or cleanup'),
        text(['--entities'], '<entities>', 'entities', "'ks1,ks2' or 'ks1.t1,ks2.t2'; absent = all non-system keyspaces"),
        repeated(['--data-dir'], '<dir>', 'dataDirs',
          "Cassandra data directory; absent = read from Cassandra through Jolokia (Esop's default is not forced)"),
        text(['--dd', '--data-directory', '--cassandra-dir'], '<dir>', 'cassandraDirectory', 'Cassandra base directory (default /var/lib/cassandra)'),
        text(['--cd', '--config-directory'], '<dir>', 'cassandraConfigDirectory', 'directory of cassandra.yaml (default /etc/cassandra)'),
        on(['--rs', '--restore-system-keyspace'], 'restoreSystemKeyspace', 'IN_PLACE: restore system keyspaces too'),
        on(['--ra', '--restore-system-auth'], 'restoreSystemAuth', 'IN_PLACE: restore system_auth too'),
        on(['--restore-into-new-cluster'], 'newCluster', 'IN_PLACE: restore only the keyspaces a new cluster needs (system_schema)'),
        on(['--update-cassandra-yaml'], 'updateCassandraYaml', "IN_PLACE: set initial_token in cassandra.yaml"),
        on(['--resolve-host-id-from-topology'], 'resolveHostIdFromTopology', 'IN_PLACE: map the node of the location through the topology file'),
        on(['--restoration-no-delete-truncates'], 'noDeleteTruncates', 'cleanup keeps the truncated snapshots'),
        on(['--restoration-no-delete-downloads'], 'noDeleteDownloads', 'cleanup keeps the downloaded files'),
        on(['--restoration-no-download-data'], 'noDownloadData', 'skip the download (reuse an earlier one)'),
        text(['--schema-version'], '<uuid>', 'schemaVersion', 'schema version of the backup, when a tag has several'),
        on(['--exact-schema-version'], 'exactSchemaVersion', "require the node's schema version to equal the backup's"),
        { names: ['--rename'], arg: '<ks.t=ks.t2>', field: 'rename', kind: 'rename',
          description: 'HARDLINKS/IMPORT: restore a table into another one (repeatable)' },
        on(['--globalRequest'], 'globalRequest', 'restore the whole cluster from this node (the operation decides)'),
        text(['--datacenter'], '<dcs>', 'dc', 'global restores: only these comma-separated DCs'),
        int(['--timeout'], '<hours>', 'timeout', 'global restores: per-node timeout in hours (default 5)'),
      ],
    },
    { heading: 'Import (HARDLINKS/IMPORT):', flags: IMPORT_FLAGS },
    ...storageGroups(HASH_FLAG),
  ],
  complete: completeImport,
};
