import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { StorageService } from '../cassandra/storage-service.js';

/** GET /status: the node's operation mode (NORMAL, LEAVING, DRAINED, …) as Icarus' `nodeState`. */
@ApiTags('node')
@Controller('status')
export class StatusController {
  constructor(@Inject(StorageService) private readonly storage: StorageService) {}

  @Get()
  @ApiOperation({ summary: "The node's operation mode: {nodeState}" })
  async status(): Promise<{ nodeState: string }> {
    return { nodeState: await this.storage.operationMode() };
  }
}
