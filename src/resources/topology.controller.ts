import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type ClusterTopology, Topology } from '../cassandra/topology.js';

/** GET /topology[/{dc,dc}]: the cluster as this node sees it, with each node's real rack. */
@ApiTags('node')
@Controller('topology')
export class TopologyController {
  constructor(@Inject(Topology) private readonly topology: Topology) {}

  @Get()
  @ApiOperation({ summary: 'Every node: hostname, cluster, dc, rack, nodeId, ipAddress' })
  all(): Promise<ClusterTopology> {
    return this.topology.get();
  }

  @Get(':dcs')
  @ApiOperation({ summary: 'Nodes of the given datacenters only; 400 if one does not exist' })
  @ApiParam({ name: 'dcs', description: 'comma- or space-separated datacenter names' })
  filtered(@Param('dcs') dcs: string): Promise<ClusterTopology> {
    return this.topology.get(dcs);
  }
}
