import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StorageService } from '../cassandra/storage-service.js';
import { ApiErrorResponses } from '../common/error-bodies.js';
import { NodeStatusBody } from './resource.schemas.js';
import { RequiresRole } from '../security/required-role.js';

/** GET /status: the node's operation mode (NORMAL, LEAVING, DRAINED, …) as Icarus' `nodeState`. */
@ApiTags('node')
@Controller('status')
export class StatusController {
  constructor(@Inject(StorageService) private readonly storage: StorageService) {}

  @Get()
  @RequiresRole('read')
  @ApiOperation({ summary: "The node's operation mode: {nodeState}" })
  @ApiOkResponse({ type: NodeStatusBody })
  @ApiErrorResponses({ 502: true, 503: true })
  async status(): Promise<{ nodeState: string }> {
    return { nodeState: await this.storage.operationMode() };
  }
}
