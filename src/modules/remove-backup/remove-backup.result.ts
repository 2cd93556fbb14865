import { ApiPropertyOptional } from '@nestjs/swagger';

/** What remove-backup reports once done (with `dry`: what it would remove). */
export class RemoveBackupResult {
  @ApiPropertyOptional({ type: [String], description: 'names of the backups removed' }) removedBackups?: string[];
  @ApiPropertyOptional({ type: 'integer', description: 'objects deleted (none with dry)' }) deletedObjects?: number;
  @ApiPropertyOptional({ type: [String], description: 'keys of the topology files deleted' }) deletedTopologies?: string[];
}
