import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ConsoleLogger, type LoggerService, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../../app.module.js';
import { sidecarVersion } from '../../common/version.js';
import type { SidecarConfig } from '../../config/sidecar-config.js';
import { EmbeddedRedis } from '../../queues/embedded-redis.js';
import { describeRedisTarget, type RedisTarget } from '../../queues/redis-connection.js';
import type { AuditLog } from '../../security/audit-log.js';
import { SidecarSecurity } from '../../security/sidecar-security.js';
import { useAudit } from './audit.js';
import { useAuthentication } from './authentication.js';
import { applyConnectionLimits } from './connection-limits.js';
import { setUpDashboard } from './dashboard.js';
import { useCors, useJsonBodies } from './http-middleware.js';
import { usePostRateLimit } from './post-rate-limit.js';
import { warnAtStart } from './start-warnings.js';
import { setUpSwagger } from './swagger.js';

export interface StartOptions {
  /** Test-only operation modules; the shipped CLI never passes any. */
  extraModules?: Type[];
  logger?: LoggerService | false;
  /** What the `stop` operation does; default: SIGTERM to this process. */
  shutdownHook?: () => void;
  /** How often certificate and token files are looked at for changes (ms); tests shorten it. */
  watchIntervalMs?: number;
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
      maxMemoryBytes: config.redis.maxMemoryBytes,
      log: (line) => logger && logger.warn?.({ msg: 'redis-server', line }),
    });
    redis = { path: embedded.socketPath };
  }
  let security: SidecarSecurity | undefined;
  let audit: AuditLog | undefined;
  let app: NestExpressApplication | undefined;
  try {
    security = SidecarSecurity.open(config.security, options.watchIntervalMs);
    app = await NestFactory.create<NestExpressApplication>(
      AppModule.register({ config, redis, extraModules: options.extraModules, shutdownHook: options.shutdownHook, peerCredentials: security.peers }),
      { bodyParser: false, logger, abortOnError: false, httpsOptions: security.httpsOptions(config.limits.headersTimeoutMs) },
    );
    // Order matters: every state change is audited whoever answers it; CORS answers preflights; nothing
    // passes without credentials; a client's POSTs are rate-limited before their bodies are read and checked.
    audit = useAudit(app, config.audit);
    useCors(app, config.http.corsOrigins);
    useAuthentication(app, security.authenticator);
    usePostRateLimit(app, config.limits);
    useJsonBodies(app, config.http.maxBodyBytes);
    setUpSwagger(app, sidecarVersion().version, security.authenticator.usesTokens);
    setUpDashboard(app);
    applyConnectionLimits(app.getHttpServer(), config.limits);
    const { host, port } = config.server.listen;
    await (host ? app.listen(port, host) : app.listen(port));
    const server = app.getHttpServer() as HttpsServer;
    // A rotated certificate serves new connections from the next handshake on; open ones keep theirs.
    security.serverTls?.onReload((context) => server.setSecureContext(context));
    const address = server.address() as AddressInfo;
    const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const scheme = security.serverTls ? 'https' : 'http';
    const url = `${scheme}://${urlHost === '0.0.0.0' || urlHost === '[::]' ? '127.0.0.1' : urlHost}:${address.port}`;
    if (logger) {
      logger.log({ msg: 'sidecar started', url, node: process.version, redis: describeRedisTarget(redis), embeddedRedis: !!embedded,
        tls: !!security.serverTls, authentication: security.authEnabled, audit: config.audit.file ?? (config.audit.stdout ? 'stdout' : 'off') });
      warnAtStart(logger, config, security, address.address, address.port);
    }
    const [opened, audited, created] = [security, audit, app];
    return {
      app: created,
      url,
      redis,
      close: async () => {
        await created.close();
        opened.close();
        audited.close();
        await embedded?.stop();
      },
    };
  } catch (err) {
    // A boot refused after the app was created (a route without a role, a port in use) must not
    // leave its Redis connections and workers running.
    await app?.close().catch(() => undefined);
    security?.close();
    audit?.close();
    await embedded?.stop();
    throw err;
  }
}
