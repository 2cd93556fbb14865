import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import { StorageService } from '../cassandra/storage-service.js';
import { withDeadline } from '../common/deadline.js';
import { errorMessage } from '../common/errors.js';
import { RedisConnections } from '../queues/redis-connections.js';
import { LivenessBody, ReadinessBody } from './resource.schemas.js';
import { RequiresRole } from '../security/required-role.js';

/** Each dependency check answers within this (both run at once), under Kubernetes' default 1 s probe timeout. */
export const HEALTH_CHECK_TIMEOUT_MS = 800;

interface Check {
  status: 'UP' | 'DOWN';
  error?: string;
  [detail: string]: unknown;
}

/**
 * Kubernetes probes. Liveness is the process answering at all (restart when it does not);
 * readiness also needs Redis (operations are jobs there) and Cassandra's Jolokia agent (every
 * operation drives JMX). Neither ever waits long: a hung dependency is reported DOWN.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  private readonly redis: Redis;

  constructor(
    @Inject(StorageService) private readonly storage: StorageService,
    connections: RedisConnections,
  ) {
    this.redis = connections.openForProbe('icarus-health');
  }

  @Get('live')
  @RequiresRole('read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: 200 while the process serves HTTP' })
  @ApiOkResponse({ type: LivenessBody })
  live(): { status: 'UP' } {
    return { status: 'UP' };
  }

  @Get('ready')
  @RequiresRole('read')
  @ApiOperation({ summary: 'Readiness: 200 when Redis answers PING and Jolokia a read; 503 naming what is down' })
  @ApiOkResponse({ type: ReadinessBody })
  @ApiResponse({ status: 503, type: ReadinessBody, description: 'Redis or Jolokia down (named in `down`)' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<{ status: 'UP' | 'DOWN'; down?: string[]; checks: Record<string, Check> }> {
    const [redis, jolokia] = await Promise.all([this.checkRedis(), this.checkJolokia()]);
    const checks = { redis, jolokia };
    const down = Object.entries(checks).filter(([, c]) => c.status === 'DOWN').map(([name]) => name);
    if (down.length > 0) {
      res.status(503);
      return { status: 'DOWN', down, checks };
    }
    return { status: 'UP', checks };
  }

  private async checkRedis(): Promise<Check> {
    try {
      const pong = await withDeadline(this.redis.ping(), HEALTH_CHECK_TIMEOUT_MS, 'Redis');
      return pong === 'PONG' ? { status: 'UP' } : { status: 'DOWN', error: `Redis answered PING with ${pong}` };
    } catch (err) {
      return { status: 'DOWN', error: redisProblem(err) };
    }
  }

  private async checkJolokia(): Promise<Check> {
    try {
      const mode = await withDeadline(
        this.storage.operationMode({ timeoutMs: HEALTH_CHECK_TIMEOUT_MS }),
        HEALTH_CHECK_TIMEOUT_MS + 100,
        'Jolokia',
      );
      return { status: 'UP', nodeState: mode };
    } catch (err) {
      return { status: 'DOWN', error: errorMessage(err) };
    }
  }
}

/** ioredis says "Stream isn't writeable…" while disconnected; say what it means. */
function redisProblem(err: unknown): string {
  const message = errorMessage(err);
  return /writeable|enableOfflineQueue|Connection is closed/i.test(message) ? 'Redis is not connected (reconnecting)' : message;
}
