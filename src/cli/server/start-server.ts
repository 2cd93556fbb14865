import type { AddressInfo } from 'node:net';
import { ConsoleLogger, type LoggerService, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../../app.module.js';
import { sidecarVersion } from '../../common/version.js';
import type { SidecarConfig } from '../../config/sidecar-config.js';
import { EmbeddedRedis } from '../../queues/embedded-redis.js';
import { describeRedisTarget, type RedisTarget } from '../../queues/redis-connection.js';
import { setUpDashboard } from './dashboard.js';
import { useCors, useJsonBodies } from './http-middleware.js';
import { setUpSwagger } from './swagger.js';

export interface StartOptions {
  /** Test-only operation modules; the shipped CLI never passes any. */
  extraModules?: Type[];
  logger?: LoggerService | false;
  /** What the `stop` operation does; default: SIGTERM to this process. */
  shutdownHook?: () => void;
}

/** A running sidecar: its HTTP base URL and a way to stop it and its embedded Redis. */
export interface RunningServer {
  app: NestExpressApplication;
  url: string;
  redis: RedisTarget;
  close(): Promise<void>;
}

export async function startServer(config: SidecarConfig, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? new ConsoleLogger({ json: true });
  let embedded: EmbeddedRedis | undefined;
  let redis: RedisTarget;
  if (config.redis.url) {
    redis = { url: config.redis.url };
  } else {
    embedded = await EmbeddedRedis.start({
      dataDir: config.server.dataDir,
      binary: config.redis.serverBinary,
      log: (line) => logger && logger.warn?.({ msg: 'redis-server', line }),
    });
    redis = { path: embedded.socketPath };
  }
  try {
    const app = await NestFactory.create<NestExpressApplication>(
      AppModule.register({ config, redis, extraModules: options.extraModules, shutdownHook: options.shutdownHook }),
      { bodyParser: false, logger, abortOnError: false },
    );
    if (config.server.cors) useCors(app);
    useJsonBodies(app);
    setUpSwagger(app, sidecarVersion().version);
    setUpDashboard(app);
    const { host, port } = config.server.listen;
    await (host ? app.listen(port, host) : app.listen(port));
    const address = app.getHttpServer().address() as AddressInfo;
    const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${urlHost === '0.0.0.0' || urlHost === '[::]' ? '127.0.0.1' : urlHost}:${address.port}`;
    if (logger) logger.log({ msg: 'sidecar started', url, node: process.version, redis: describeRedisTarget(redis), embeddedRedis: !!embedded });
    return {
      app,
      url,
      redis,
      close: async () => {
        await app.close();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}
