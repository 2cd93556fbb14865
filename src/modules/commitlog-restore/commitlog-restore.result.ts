import { ApiPropertyOptional } from '@nestjs/swagger';

/** What a point-in-time restore reports once done. */
export class CommitlogRestoreResult {
  @ApiPropertyOptional({ type: 'integer' }) downloadedSegments?: number;
  @ApiPropertyOptional({ type: [String], description: 'file names of the segments downloaded' }) segments?: string[];
  @ApiPropertyOptional({ description: 'restore_point_in_time written (yyyy:MM:dd HH:mm:ss.SSS, GMT)' }) restorePointInTime?: string;
  @ApiPropertyOptional() commitLogDirectory?: string;
  @ApiPropertyOptional({ description: 'where the live segments were moved' }) movedAsideTo?: string;
  @ApiPropertyOptional({ description: '-Dcassandra.replayList value, when keyspaceTables is set' }) replayList?: string;
  @ApiPropertyOptional() cassandraEnvUpdated?: boolean;
}
