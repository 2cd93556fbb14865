import { ApiPropertyOptional } from '@nestjs/swagger';
import { ClusterOperationFields } from '../../coordination/cluster-fields.schema.js';

/** What a restore phase reports once done, besides its (echoed) request; each phase fills its own fields. */
export class RestoreResult extends ClusterOperationFields {
  @ApiPropertyOptional({ description: 'the node\'s full location the backup was read from' }) storageLocation?: string;
  @ApiPropertyOptional({ description: 'the manifest restored (<tag>-<schemaVersion>-<epoch ms>)' }) manifestName?: string;
  @ApiPropertyOptional({ description: 'DOWNLOAD with noDownloadData' }) downloaded?: string;
  @ApiPropertyOptional({ type: 'integer', description: 'DOWNLOAD, IN_PLACE: files fetched' }) downloadedFiles?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'DOWNLOAD: files already there with the right hash' }) verifiedExistingFiles?: number;
  @ApiPropertyOptional({ type: [String], description: 'TRUNCATE: ks.table' }) truncatedTables?: string[];
  @ApiPropertyOptional({ type: [String], description: 'IMPORT: ks.table' }) importedTables?: string[];
  @ApiPropertyOptional({ type: [String], description: 'CLEANUP' }) deletedTruncatedSnapshots?: string[];
  @ApiPropertyOptional({ type: [String], description: 'CLEANUP' }) deletedDownloadDirs?: string[];
  @ApiPropertyOptional({ type: 'integer', description: 'IN_PLACE: files already in place' }) keptFiles?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'IN_PLACE: files removed from the data directories' }) deletedFiles?: number;
}
