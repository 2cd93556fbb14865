import { ApiPropertyOptional } from '@nestjs/swagger';
import { ClusterOperationFields } from '../../coordination/cluster-fields.schema.js';

/** What a backup reports once done, besides its (echoed) request: the resolved name and location. */
export class BackupResult extends ClusterOperationFields {
  @ApiPropertyOptional({ description: 'once done: the backup\'s name, <tag>-<schemaVersion>-<epoch ms>' })
  snapshotTag?: string;

  @ApiPropertyOptional({ description: 'once done: the node\'s full location, cluster/dc/hostId appended' })
  storageLocation?: string;

  @ApiPropertyOptional({ description: 'recordDigests: how many tables got a content digest, and the tables that could not be read (the backup still completes)' })
  digests?: { tables: number; errors: Record<string, string> };
}
