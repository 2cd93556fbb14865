import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type ClusterTopology, Topology } from '../cassandra/topology.js';
import { ApiErrorResponses } from '../common/error-bodies.js';
import { ClusterTopologyBody } from './resource.schemas.js';
import { RequiresRole } from '../security/required-role.js';

/** GET /topology[/{dc,dc}]: the cluster as this node sees it, with each node's real rack. */
@ApiTags('node')
@Controller('topology')
export class TopologyController {
  constructor(@Inject(Topology) private readonly topology: Topology) {}

  @Get()
  @RequiresRole('read')
  @ApiOperation({ summary: 'Every node: hostname, cluster, dc, rack, nodeId, ipAddress' })
  @ApiOkResponse({ type: ClusterTopologyBody })
  @ApiErrorResponses({ 502: true, 503: true })
  all(): Promise<ClusterTopology> {
    return this.topology.get();
  }

  @Get(':dcs')
  @RequiresRole('read')
  @ApiOperation({ summary: 'Nodes of the given datacenters only; 400 if one does not exist' })
  @ApiParam({ name: 'dcs', description: 'comma- or space-separated datacenter names' })
  @ApiOkResponse({ type: ClusterTopologyBody })
  @ApiErrorResponses({ 400: 'a datacenter does not exist (`dc` names it)', 502: true, 503: true })
  filtered(@Param('dcs') dcs: string): Promise<ClusterTopology> {
    return this.topology.get(dcs);
  }
}
