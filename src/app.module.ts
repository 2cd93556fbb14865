import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { HttpErrorFilter } from './common/http-error.filter.js';
import { SidecarConfig } from './config/sidecar-config.js';
import { OPERATION_MODULES } from './modules/index.js';
import { OperationsModule } from './operations/operations.module.js';
import { QueuesModule } from './queues/queues.module.js';
import type { RedisTarget } from './queues/redis-connection.js';

export interface AppModuleOptions {
  config: SidecarConfig;
  redis: RedisTarget;
  /** Extra operation modules; tests use it for test-only types. Never set by the shipped server. */
  extraModules?: Type[];
}

@Module({})
class ConfigModule {
  static register(config: SidecarConfig): DynamicModule {
    return { module: ConfigModule, global: true, providers: [{ provide: SidecarConfig, useValue: config }], exports: [SidecarConfig] };
  }
}

/** Root module: config, Redis/queues, the operations engine and every operation module. */
@Module({})
export class AppModule {
  static register(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.register(options.config),
        QueuesModule.register(options.redis, options.config.redis.queuePrefix),
        OperationsModule,
        ...OPERATION_MODULES,
        ...(options.extraModules ?? []),
      ],
      providers: [{ provide: APP_FILTER, useClass: HttpErrorFilter }],
    };
  }
}
