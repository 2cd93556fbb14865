import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, ValidateNested } from 'class-validator';
import { ValidationError } from '../../common/errors.js';
import { KeyspaceField, TableField } from '../../operations/cassandra-fields.js';
import { OperationType } from '../../operations/operation-type.js';
import { ParsedField } from '../../operations/parsed-field.js';
import { PathField, PathsField } from '../../operations/path-fields.js';
import { BooleanField, EnumField, IntField, StringField, TypeField } from '../../operations/request-fields.js';
import { StorageRequest } from '../../operations/storage-request.js';
import { dataRateSchema } from '../../operations/value-schemas.js';
import { parseDataRate, type DataRate } from '../../storage/index.js';

export const STRATEGIES = ['IN_PLACE', 'HARDLINKS', 'IMPORT'] as const;
export type RestorationStrategy = (typeof STRATEGIES)[number];
export const PHASES = ['INIT', 'DOWNLOAD', 'TRUNCATE', 'IMPORT', 'CLEANUP'] as const;
export type RestorationPhase = (typeof PHASES)[number];

/** The `import` section: where downloads go, and the flags of Cassandra's importNewSSTables (§2.2). */
export class RestoreImport {
  @ApiProperty({ enum: ['import'], required: false, description: "Esop writes `\"type\": \"import\"`; accepted and kept" })
  @IsOptional()
  @IsIn(['import'], { message: "must be 'import'" })
  type?: string = 'import';
  @PathField('download directory (must not be, or be inside, a data directory or the Cassandra directory)', { required: true })
  sourceDir: string;
  @KeyspaceField('filled in per table by the restore') keyspace?: string;
  @TableField('filled in per table by the restore') table?: string;
  @PathField('filled in per table by the restore') tablePath?: string;
  @BooleanField("keep the SSTables' compaction level") keepLevel = false;
  @BooleanField("keep the SSTables' repaired state") keepRepaired = false;
  @BooleanField('do not verify the SSTables while importing') noVerify = false;
  @BooleanField('do not check that the data belongs to this node while importing') noVerifyTokens = false;
  @BooleanField('do not invalidate row caches') noInvalidateCaches = false;
  @BooleanField('noVerify, noVerifyTokens and noInvalidateCaches at once') quick = false;
  @BooleanField('verify every row while importing') extendedVerify = false;
}

const TABLE_NAME = /^\w{1,48}\.\w{1,48}$/;

/** `rename`: `{"ks.from": "ks.to"}`; the shape is checked here, the rules against entities and the schema later. */
function parseRename(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw ValidationError.forField('rename', 'must be an object {"ks.from": "ks.to"}');
  for (const [from, to] of Object.entries(value)) {
    if (!TABLE_NAME.test(from)) throw ValidationError.forField('rename', `from side is not in format {keyspace}.{table}: ${from}`);
    if (typeof to !== 'string' || !TABLE_NAME.test(to)) throw ValidationError.forField('rename', `to side is not in format {keyspace}.{table}: ${String(to)}`);
  }
  return value as Record<string, string>;
}

/**
 * Esop's restore (§2.4): IN_PLACE on a stopped node, or HARDLINKS/IMPORT on a running one, phase by
 * phase (INIT, DOWNLOAD, TRUNCATE, IMPORT, CLEANUP; each one request).
 */
export class RestoreRequest extends StorageRequest {
  @TypeField(OperationType.Restore) type = OperationType.Restore;
  @StringField('backup to restore: the manifest name, or its tag (the latest backup of that tag wins)', { required: true }) snapshotTag: string;
  @PathsField('Cassandra data directories; absent = asked from Cassandra, or cassandra.yaml when it is down') dataDirs?: string[];
  @PathField("Cassandra's base directory (hints, saved_caches, commitlog for IN_PLACE); absent = from cassandra.yaml or Cassandra")
  cassandraDirectory?: string;
  @PathField('where cassandra.yaml is (IN_PLACE)', { default: '/etc/cassandra' }) cassandraConfigDirectory = '/etc/cassandra';
  @StringField('keyspaces "ks1,ks2" or tables "ks1.t1"; empty = every (non-system) table of the backup', { default: '' }) entities = '';
  @EnumField('IN_PLACE (node down), HARDLINKS or IMPORT (node up)', STRATEGIES, { default: 'IN_PLACE' }) restorationStrategyType: RestorationStrategy = 'IN_PLACE';
  @EnumField('phase to run (HARDLINKS/IMPORT only)', PHASES) restorationPhase?: RestorationPhase;
  @ApiProperty({ type: RestoreImport, required: false, description: 'download directory and import flags (HARDLINKS/IMPORT)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RestoreImport)
  import?: RestoreImport;
  @BooleanField('CLEANUP keeps the truncated-* snapshots') noDeleteTruncates = false;
  @BooleanField('CLEANUP keeps the downloaded files') noDeleteDownloads = false;
  @BooleanField('skip DOWNLOAD (reuse an earlier download)') noDownloadData = false;
  @BooleanField('only a backup of the node\'s current schema version (or of schemaVersion)') exactSchemaVersion = false;
  @StringField('schema version for exactSchemaVersion', { pattern: /^[0-9a-f-]{36}$/i, patternMessage: 'must be a UUID' }) schemaVersion?: string;
  @BooleanField('IN_PLACE: also restore the system keyspaces') restoreSystemKeyspace = false;
  @BooleanField('IN_PLACE: also restore system_auth') restoreSystemAuth = false;
  @BooleanField('IN_PLACE: restore system_schema (a new, empty node)') newCluster = false;
  @BooleanField('IN_PLACE: set auto_bootstrap: false and initial_token in cassandra.yaml') updateCassandraYaml = false;
  @BooleanField('IN_PLACE: the location\'s node part is a host name (prefix) or id looked up in the backup\'s topology file') resolveHostIdFromTopology = false;
  @ParsedField({ type: 'object', additionalProperties: { type: 'string' }, description: 'restore table ks.a into ks.b: {"ks.a": "ks.b"} (HARDLINKS/IMPORT)', default: {} }, parseRename)
  rename: Record<string, string> = {};
  @BooleanField('restore the whole cluster through every node\'s sidecar, coordinated by this one (restorationPhase INIT unless singlePhase)') globalRequest = false;
  @BooleanField('cluster-wide: run only restorationPhase on every node') singlePhase = false;
  @StringField('cluster-wide: only these data centers') dc?: string;
  @IntField('cluster-wide: per-node timeout in hours', { default: 5 }) timeout = 5;
  @ParsedField(dataRateSchema('download at most this fast: {value, unit} or "50MBPS" (an extension: Esop never throttles downloads)'), (v) => parseDataRate(v))
  bandwidth?: DataRate;
}
