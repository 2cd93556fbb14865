import { ApiPropertyOptional } from '@nestjs/swagger';

/** What a commit-log backup reports once done. */
export class CommitlogBackupResult {
  @ApiPropertyOptional({ description: 'the node\'s full location' }) storageLocation?: string;
  @ApiPropertyOptional({ type: 'integer' }) uploadedSegments?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'already in the bucket' }) skippedSegments?: number;
}
