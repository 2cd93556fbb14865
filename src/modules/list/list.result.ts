import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One backup of Esop's listing. */
export class ManifestReportBody {
  @ApiProperty({ type: 'integer' }) files: number;
  @ApiProperty({ type: 'integer', format: 'int64' }) size: number;
  @ApiProperty() name: string;
  @ApiProperty({ type: 'integer', format: 'int64', description: 'bytes removing this backup frees' }) reclaimableSpace: number;
  @ApiProperty({ type: [String] }) removableEntries: string[];
  @ApiPropertyOptional({ description: 'Esop\'s LocalDateTime text' }) timestamp?: string;
  @ApiProperty({ type: 'object', properties: { objectKey: { type: 'string' }, type: { type: 'string' }, size: { type: 'integer' } } })
  manifest: { objectKey: string; type: string; size: number };
  @ApiPropertyOptional({ type: 'integer', format: 'int64' }) unixtimestamp?: number;
}

/** Esop's AllManifestsReport. */
export class AllManifestsReportBody {
  @ApiProperty({ type: 'integer', format: 'int64' }) totalSize: number;
  @ApiProperty({ type: 'integer' }) totalFiles: number;
  @ApiProperty({ type: 'integer' }) totalManifests: number;
  @ApiProperty({ type: [ManifestReportBody], description: 'newest first' }) reports: ManifestReportBody[];
}

/** What a list operation reports with toRequest. */
export class ListResult {
  @ApiPropertyOptional({ type: AllManifestsReportBody, description: 'toRequest: the listing' })
  response?: AllManifestsReportBody;
}
