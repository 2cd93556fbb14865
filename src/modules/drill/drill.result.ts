import { ApiPropertyOptional } from '@nestjs/swagger';
import { ClusterOperationFields } from '../../coordination/cluster-fields.schema.js';

/** One problem a drill found. */
export class DrillMismatchBody {
  @ApiPropertyOptional({ description: 'ks.table of the source' }) table?: string;
  @ApiPropertyOptional({ enum: ['rows', 'digest', 'restore', 'verify', 'not-comparable'] }) problem?: string;
  @ApiPropertyOptional({ description: 'the object of the backup that failed (restore problems), when the restore named it' }) file?: string;
  @ApiPropertyOptional({ description: 'the token range (start, end] whose rows or digest differ' }) range?: string;
  @ApiPropertyOptional({ description: 'recorded at backup' }) expected?: string;
  @ApiPropertyOptional({ description: 'found in the scratch table' }) actual?: string;
  @ApiPropertyOptional() message?: string;
  @ApiPropertyOptional({ description: 'cluster-wide: the node it was found on' }) node?: string;
}

/** Rows of one token range (start, end]. */
export class DrillRangeBody {
  @ApiPropertyOptional() start?: string;
  @ApiPropertyOptional() end?: string;
  @ApiPropertyOptional({ type: 'integer', format: 'int64' }) rows?: number;
}

/** How one table was checked. */
export class DrillTableDetailBody {
  @ApiPropertyOptional({ description: 'ks.table of the source' }) table?: string;
  @ApiPropertyOptional({ enum: ['digest', 'verify'] }) check?: string;
  @ApiPropertyOptional({ type: 'integer', format: 'int64' }) rows?: number;
  @ApiPropertyOptional({ type: [DrillRangeBody], description: 'rows per token range read' }) ranges?: DrillRangeBody[];
  @ApiPropertyOptional({ description: 'why a table with a recorded digest was verified instead' }) note?: string;
}

/** What a drill reports once done (also written to icarus-records/<backup>/drill-<ms>.json). */
export class DrillResult extends ClusterOperationFields {
  @ApiPropertyOptional({ description: 'the backup restored fully and its content matched (or verified)' }) ok?: boolean;
  @ApiPropertyOptional({ type: 'integer', format: 'int64', description: 'rows in the scratch tables (cluster-wide: each token range counted once)' }) rows?: number;
  @ApiPropertyOptional({ type: 'integer', format: 'int64', description: 'bytes of the backup restored' }) bytes?: number;
  @ApiPropertyOptional({ type: 'number', description: 'restore time: download and import (cluster-wide: of the slowest node)' }) seconds?: number;
  @ApiPropertyOptional({ type: 'number', nullable: true, description: 'seconds per GiB restored' }) rtoSecondsPerGiB?: number | null;
  @ApiPropertyOptional({ type: [DrillMismatchBody] }) mismatches?: DrillMismatchBody[];
  @ApiPropertyOptional({ description: 'the backup drilled (full name)' }) backupName?: string;
  @ApiPropertyOptional({ enum: ['digest', 'verify'], description: 'compared with digests recorded at backup, or SSTable verify and row count' }) check?: string;
  @ApiPropertyOptional({ type: [String] }) tables?: string[];
  @ApiPropertyOptional({ description: 'when the drill started (names its record)' }) time?: string;
  @ApiPropertyOptional({ description: 'node drill: the node\'s full location' }) storageLocation?: string;
  @ApiPropertyOptional({ type: [DrillTableDetailBody], description: 'node drill: how each table was checked' }) detail?: DrillTableDetailBody[];
  @ApiPropertyOptional({ description: 'while it runs: the restore phase under way (DOWNLOAD, IMPORT)' }) restorePhase?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'while it runs: the restore operation of that phase (GET /operations/{id} shows its bytes)' }) restoreOperationId?: string;
}
