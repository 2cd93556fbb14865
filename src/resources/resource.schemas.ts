import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/* Schemas of the node-information answers (Icarus §1.2), as served. */

/** GET /version, /version/sidecar. */
export class SidecarVersionBody {
  @ApiProperty({ example: 'instaclustr-icarus 0.1.0' }) version: string;
  @ApiProperty({ format: 'date-time', description: 'when this sidecar was built (RFC 3339, UTC)' }) buildTime: string;
  @ApiProperty({ description: 'git commit it was built from, or "unknown"' }) gitCommit: string;
}

/** GET /version/cassandra: getReleaseVersion() parsed as X.Y[.Z][.D][-pre][+build]. */
export class CassandraVersionBody {
  @ApiProperty({ type: 'integer', format: 'int32' }) major: number;
  @ApiProperty({ type: 'integer', format: 'int32' }) minor: number;
  @ApiProperty({ type: 'integer', format: 'int32' }) patch: number;
  @ApiProperty({ type: 'integer', format: 'int32', description: 'fourth number of DSE versions; -1 for Apache Cassandra' }) dsePatch: number;
  @ApiPropertyOptional({ type: [String], description: 'e.g. ["beta1", "SNAPSHOT"]' }) preReleaseLabels?: string[];
  @ApiPropertyOptional({ description: 'what follows +' }) buildLabel?: string;
}

/** GET /version/schema. */
export class SchemaVersionBody {
  @ApiProperty({ format: 'uuid' }) schemaVersion: string;
}

/** GET /status. */
export class NodeStatusBody {
  @ApiProperty({ description: 'StorageService OperationMode: STARTING, NORMAL, JOINING, LEAVING, DECOMMISSIONED, MOVING, DRAINING, DRAINED, …', example: 'NORMAL' })
  nodeState: string;
}

/** One node of GET /topology. */
export class NodeTopologyBody {
  @ApiProperty({ description: 'host name, or the address when it has none' }) hostname: string;
  @ApiProperty() cluster: string;
  @ApiProperty() dc: string;
  @ApiProperty({ description: 'the node\'s real rack' }) rack: string;
  @ApiProperty({ format: 'uuid', description: 'host id' }) nodeId: string;
  @ApiProperty() ipAddress: string;
}

/** GET /topology[/{dcs}]: the cluster as this node sees it. */
export class ClusterTopologyBody {
  @ApiProperty({ type: 'integer', format: 'int64', description: 'epoch ms when it was read' }) timestamp: number;
  @ApiProperty({ description: 'cluster name, whitespace replaced by -' }) clusterName: string;
  @ApiProperty({ format: 'uuid' }) schemaVersion: string;
  @ApiProperty({ type: [NodeTopologyBody] }) topology: NodeTopologyBody[];
}

/** GET /health/live. */
export class LivenessBody {
  @ApiProperty({ enum: ['UP'] }) status: 'UP';
}

/** One dependency check of GET /health/ready. */
export class DependencyCheckBody {
  @ApiProperty({ enum: ['UP', 'DOWN'] }) status: 'UP' | 'DOWN';
  @ApiPropertyOptional({ description: 'why it is down' }) error?: string;
  @ApiPropertyOptional({ description: "Jolokia's answer: the node's OperationMode" }) nodeState?: string;
}

/** Both checks of GET /health/ready. */
export class ReadinessChecksBody {
  @ApiProperty({ type: DependencyCheckBody }) redis: DependencyCheckBody;
  @ApiProperty({ type: DependencyCheckBody }) jolokia: DependencyCheckBody;
}

/** GET /health/ready: 200 UP, or 503 DOWN naming what is down. */
export class ReadinessBody {
  @ApiProperty({ enum: ['UP', 'DOWN'] }) status: 'UP' | 'DOWN';
  @ApiPropertyOptional({ type: [String], description: 'the checks that failed (503 only)' }) down?: string[];
  @ApiProperty({ type: ReadinessChecksBody }) checks: ReadinessChecksBody;
}
