import { OperationType } from '../../operations/operation-type.js';
import type { EsopCommandSpec } from './esop-command-spec.js';
import { CACHE_DIR, HASH_FLAG, int, on, repeated, RESOLVE_NODES, storageGroups as storage, text, UPLOAD_FLAGS } from './esop-flag.js';
import { RESTORE_COMMAND } from './restore-command.js';

/*
 * Esop's commands (reference §4.17) and the request fields their flags fill (§2.3–2.8). A flag not
 * given stays out of the body, so the request's own defaults apply, as for a REST client.
 */

const BACKUP: EsopCommandSpec = {
  name: 'backup',
  type: OperationType.Backup,
  description: "take a snapshot of this node's tables and upload it",
  cassandra: true,
  groups: [
    {
      heading: 'Backup:',
      flags: [
        text(['-s', '--st', '--snapshot-tag'], '<tag>', 'snapshotTag', 'snapshot name (default autosnap-<epoch seconds>)'),
        text(['--entities'], '<entities>', 'entities', "'ks1,ks2' or 'ks1.t1,ks2.t2'; absent = all keyspaces"),
        ...UPLOAD_FLAGS,
        on(['--uploadClusterTopology'], 'uploadClusterTopology', 'upload the topology file next to the backup'),
        on(['--globalRequest'], 'globalRequest', 'back up the whole cluster from this node (the operation decides)'),
        text(['--datacenter'], '<dcs>', 'dc', 'global backups: only these comma-separated DCs'),
        int(['--timeout'], '<hours>', 'timeout', 'global backups: per-node timeout in hours (default 5)'),
      ],
    },
    ...storage(HASH_FLAG),
  ],
};

const COMMITLOG_BACKUP: EsopCommandSpec = {
  name: 'commitlog-backup',
  type: OperationType.CommitlogBackup,
  description: "upload this node's archived commit logs",
  cassandra: true,
  groups: [
    {
      heading: 'Commit logs:',
      flags: [
        text(['--commit-log-dir'], '<dir>', 'cassandraCommitLogDirectory', 'commit log directory (default /var/lib/cassandra/data/commitlog)'),
        text(['--cl-archive'], '<dir>', 'commitLogArchiveOverride', 'archive directory to upload instead, when it exists'),
        text(['--commit-log'], '<file>', 'commitLog', 'a single commit log file to upload'),
        on(['--online'], 'online', 'complete the storage location with cluster, dc and host id read from Cassandra'),
        ...UPLOAD_FLAGS,
      ],
    },
    ...storage(HASH_FLAG),
  ],
};

const COMMITLOG_RESTORE: EsopCommandSpec = {
  name: 'commitlog-restore',
  type: OperationType.CommitlogRestore,
  description: 'download commit logs and configure their replay up to a point in time (node stopped)',
  cassandra: false,
  groups: [
    {
      heading: 'Commit logs:',
      flags: [
        int(['--ts', '--timestamp-start'], '<epochMs>', 'timestampStart', 'when the base snapshot was taken', true),
        int(['--te', '--timestamp-end'], '<epochMs>', 'timestampEnd', 'point in time to restore up to', true),
        text(['--commitlog-download-dir'], '<dir>', 'commitlogDownloadDir', 'where commit logs are downloaded', true),
        { names: ['--kt', '--keyspace-tables'], arg: '<ks.t,...>', field: 'keyspaceTables', kind: 'keyspaceTables',
          description: 'replay only these tables (cassandra.replayList)' },
        text(['--commit-log-dir'], '<dir>', 'cassandraCommitLogDirectory',
          "the node's commit log directory, whose segments are moved aside (required while the node is down)"),
        text(['--cd', '--config-directory'], '<dir>', 'cassandraConfigDirectory', 'where commitlog_archiving.properties is written (default /etc/cassandra)'),
        text(['-p', '--shared-path'], '<dir>', 'sharedContainerPath', 'unused, accepted as Esop'),
      ],
    },
    ...storage(HASH_FLAG),
  ],
};

const LIST: EsopCommandSpec = {
  name: 'list',
  type: OperationType.List,
  description: 'list the backups of a node with their sizes',
  cassandra: true,
  groups: [
    {
      heading: 'Listing:',
      flags: [
        on(['--json'], 'json', 'print JSON instead of a table'),
        on(['--human-units'], 'humanUnits', 'sizes in kB, MB, GB'),
        on(['--simple-format'], 'simpleFormat', 'backup names only'),
        text(['--to-file'], '<file>', 'toFile', 'write the listing to this file instead of stdout'),
        int(['--from-timestamp'], '<epochMs>', 'fromTimestamp', 'only backups taken at or before this time'),
        int(['--last-n'], '<n>', 'lastN', 'only the n oldest of the remaining backups (0 = all)'),
        on(['--skip-download'], 'skipDownload', 'use the manifests already in the cache'),
        CACHE_DIR,
        RESOLVE_NODES,
      ],
    },
    ...storage(),
  ],
};

const REMOVE_BACKUP: EsopCommandSpec = {
  name: 'remove-backup',
  type: OperationType.RemoveBackup,
  description: 'remove backups (one by name, the oldest, or all older than a time), once or every --rate',
  cassandra: true,
  groups: [
    {
      heading: 'Removal:',
      flags: [
        text(['-n', '--name', '--backup-name'], '<name>', 'backupName', 'manifest name, without .json'),
        on(['-o', '--oldest'], 'removeOldest', 'remove the oldest backup'),
        text(['--older-than'], '<time>', 'olderThan', 'remove every backup older than this, e.g. 14d'),
        on(['-d', '--dry'], 'dry', 'say what would be removed, remove nothing'),
        on(['--global-request'], 'globalRequest', 'every node found under the storage location'),
        repeated(['--dcs'], '<dc>', 'dcs', 'with --global-request: only this DC'),
        CACHE_DIR,
        RESOLVE_NODES,
      ],
    },
    ...storage(),
  ],
  rate: { names: ['-r', '--rate'], arg: '<time>', kind: 'string',
    description: 'daemon mode: run again every <time> (e.g. 1d) until SIGINT/SIGTERM; 0 = once' },
  notes: 'With --older-than 14d --rate 1d this is a retention policy.',
};

/** The commands of `icarus esop`, in help order. */
export const ESOP_COMMANDS: EsopCommandSpec[] = [BACKUP, COMMITLOG_BACKUP, LIST, REMOVE_BACKUP, RESTORE_COMMAND, COMMITLOG_RESTORE];
