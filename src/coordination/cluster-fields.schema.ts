import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OperationErrorBody } from '../operations/operation.schema.js';

/*
 * What a cluster-wide operation adds to its JSON on the coordinator (see clusterView): one entry per
 * node and one per phase. Documented here once; backup and restore results extend it.
 */

const NODE_STATES = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'];

/** One node of a cluster-wide operation. */
export class ClusterNodeBody {
  @ApiProperty({ description: 'the node\'s address' }) node: string;
  @ApiProperty() hostname: string;
  @ApiProperty({ format: 'uuid' }) hostId: string;
  @ApiProperty() dc: string;
  @ApiProperty() rack: string;
  @ApiProperty({ description: 'the phase it is in, or last ran' }) phase: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the operation on that node\'s sidecar' }) operationId?: string;
  @ApiProperty({ enum: NODE_STATES }) state: string;
  @ApiProperty({ type: 'number', minimum: 0, maximum: 1 }) progress: number;
  @ApiPropertyOptional({ type: 'integer', format: 'int64' }) bytesTotal?: number;
  @ApiPropertyOptional({ type: 'integer', format: 'int64' }) bytesTransferred?: number;
  @ApiPropertyOptional({ type: 'number' }) etaSeconds?: number;
  @ApiPropertyOptional({ type: [OperationErrorBody] }) errors?: OperationErrorBody[];
}

/** One phase of a cluster-wide operation. */
export class ClusterPhaseBody {
  @ApiProperty({ description: 'BACKUP, or INIT, DOWNLOAD, TRUNCATE, IMPORT, CLEANUP' }) phase: string;
  @ApiProperty({ enum: [...NODE_STATES, 'SKIPPED'] }) state: string;
  @ApiProperty({ type: 'integer', description: 'nodes it runs on' }) nodes: number;
  @ApiPropertyOptional({ format: 'date-time' }) startTime?: string;
  @ApiPropertyOptional({ format: 'date-time' }) completionTime?: string;
  @ApiPropertyOptional({ type: 'number', description: 'run time of the slowest node\'s own operation' }) slowestNodeSeconds?: number;
}

/** Fields of a cluster-wide (globalRequest) operation, on its coordinator. */
export class ClusterOperationFields {
  @ApiPropertyOptional({ type: [ClusterNodeBody], description: 'globalRequest: every node of the operation' })
  nodes?: ClusterNodeBody[];

  @ApiPropertyOptional({ type: [ClusterPhaseBody], description: 'globalRequest: every phase, in order' })
  phases?: ClusterPhaseBody[];
}
