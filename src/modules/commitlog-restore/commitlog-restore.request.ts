import { ValidationError } from '../../common/errors.js';
import { CASSANDRA_NAME } from '../../operations/cassandra-fields.js';
import { OperationType } from '../../operations/operation-type.js';
import { ParsedField } from '../../operations/parsed-field.js';
import { ABSOLUTE_PATH, PathField } from '../../operations/path-fields.js';
import { IntField, StringField, TypeField } from '../../operations/request-fields.js';
import { StorageRequest } from '../../operations/storage-request.js';

/** `keyspaceTables`: Esop's multimap `{"ks": ["t1", "t2"]}` (a single table may be a string); duplicates collapse. */
function parseKeyspaceTables(value: unknown): Record<string, string[]> {
  const problem = (text: string) => ValidationError.forField('keyspaceTables', text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw problem('must be an object {"keyspace": ["table", ...]}');
  const out: Record<string, string[]> = {};
  for (const [keyspace, raw] of Object.entries(value)) {
    if (!CASSANDRA_NAME.test(keyspace)) throw problem(`"${keyspace}" is not a keyspace name (letters, digits and '_', at most 48)`);
    const tables = typeof raw === 'string' ? [raw] : raw;
    if (!Array.isArray(tables) || tables.length === 0) throw problem(`"${keyspace}" must list its tables: ["table", ...]`);
    for (const table of tables) {
      if (typeof table !== 'string' || !CASSANDRA_NAME.test(table)) throw problem(`"${keyspace}.${String(table)}" is not a table name (letters, digits and '_', at most 48)`);
    }
    out[keyspace] = [...new Set(tables as string[])];
  }
  return out;
}

/**
 * Esop's commitlog-restore (§2.6, §4.14): downloads the commit-log segments backed up by
 * commitlog-backup for a time window and sets commitlog_archiving.properties so that Cassandra,
 * at its next start, replays them up to `timestampEnd`. Run it while the node is stopped.
 */
export class CommitlogRestoreRequest extends StorageRequest {
  @TypeField(OperationType.CommitlogRestore) type = OperationType.CommitlogRestore;
  @PathField('commit-log directory (commitlog_directory), whose files are moved aside into a sibling commitlogs-<epoch ms>; ' +
    'absent = asked from Cassandra, so required while it is down')
  cassandraCommitLogDirectory?: string;
  @PathField('where commitlog_archiving.properties (and cassandra-env.sh) are', { default: '/etc/cassandra' })
  cassandraConfigDirectory = '/etc/cassandra';
  @PathField('where the segments are downloaded; becomes restore_directories (Cassandra replays every file in it)', { required: true })
  commitlogDownloadDir: string;
  @IntField('start of the window (epoch ms, e.g. when the snapshot restored first was taken): older segments are not downloaded', { required: true, min: 0 })
  timestampStart: number;
  @IntField('the point in time (epoch ms): restore_point_in_time; mutations written after it are not replayed', { required: true, min: 0 })
  timestampEnd: number;
  @ParsedField({ type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } }, description: 'replay only these tables: {"ks": ["t1", "t2"]} (-Dcassandra.replayList, appended to cassandra-env.sh)', default: {} },
    parseKeyspaceTables)
  keyspaceTables: Record<string, string[]> = {};
  // Not confined to the allowed directories: it is never used, and Esop's clients send its default '/'.
  @StringField('accepted as Esop; unused', { default: '/', pattern: ABSOLUTE_PATH, patternMessage: "must be an absolute path without '..'" }) sharedContainerPath = '/';
}
