import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { MetricsRegistry } from '../metrics/metrics-registry.js';
import { RequiresRole } from '../security/required-role.js';

/** GET /metrics: Prometheus text format (operations, durations, storage bytes and retries, queues, Jolokia, process). */
@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsRegistry) {}

  @Get()
  @RequiresRole('read')
  @ApiOkResponse({ description: 'the exposition text', content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiOperation({ summary: 'Prometheus metrics, text exposition format 0.0.4' })
  async scrape(@Res() res: Response): Promise<void> {
    const { contentType, text } = await this.metrics.render();
    res.status(200).type(contentType).send(text);
  }
}
