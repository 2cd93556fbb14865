import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { HttpErrorFilter } from './common/http-error.filter.js';
import { SidecarConfig } from './config/sidecar-config.js';
import { MetricsModule } from './metrics/metrics-registry.js';
import { OPERATION_MODULES } from './modules/index.js';
import { OperationsModule } from './operations/operations.module.js';
import { CassandraModule } from './cassandra/cassandra.module.js';
import { CoordinationModule } from './coordination/coordination.module.js';
import { exitGracefully, SHUTDOWN_HOOK, type ShutdownHook } from './operations/sidecar-shutdown.js';
import { ResourcesModule } from './resources/resources.module.js';
import { QueuesModule } from './queues/queues.module.js';
import type { RedisTarget } from './queues/redis-connection.js';
import { PeerCredentials } from './security/peer-credentials.js';

export interface AppModuleOptions {
  config: SidecarConfig;
  redis: RedisTarget;
  /** Extra operation modules; tests use it for test-only types. Never set by the shipped server. */
  extraModules?: Type[];
  /** What the `stop` operation does; default: SIGTERM to this process (graceful close, exit 0). */
  shutdownHook?: ShutdownHook;
  /** Token and client certificate presented to peer sidecars; default: none. */
  peerCredentials?: PeerCredentials;
}

/** Process-wide values every module may inject: the config, what `stop` does and the peer credentials. */
@Module({})
class CoreModule {
  static register(config: SidecarConfig, shutdownHook: ShutdownHook, peerCredentials: PeerCredentials): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      providers: [
        { provide: SidecarConfig, useValue: config },
        { provide: SHUTDOWN_HOOK, useValue: shutdownHook },
        { provide: PeerCredentials, useValue: peerCredentials },
      ],
      exports: [SidecarConfig, SHUTDOWN_HOOK, PeerCredentials],
    };
  }
}

/** Root module: config, Redis/queues, the operations engine, cluster-wide coordination and every operation module. */
@Module({})
export class AppModule {
  static register(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.register(options.config, options.shutdownHook ?? exitGracefully, options.peerCredentials ?? new PeerCredentials()),
        QueuesModule.register(options.redis, options.config.redis.queuePrefix),
        MetricsModule,
        CassandraModule,
        OperationsModule,
        CoordinationModule,
        ResourcesModule,
        ...OPERATION_MODULES,
        ...(options.extraModules ?? []),
      ],
      providers: [{ provide: APP_FILTER, useClass: HttpErrorFilter }],
    };
  }
}
