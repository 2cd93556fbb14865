import { type DynamicModule, type INestApplicationContext, type LoggerService, Module, type Type } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { CassandraModule } from '../../cassandra/cassandra.module.js';
import { SidecarConfig } from '../../config/sidecar-config.js';
import { OperationRegistry } from '../../operations/operation-registry.js';
import { exitGracefully, SHUTDOWN_HOOK } from '../../operations/sidecar-shutdown.js';
import { modulesProviding } from './operation-modules.js';

/**
 * What the server's CoreModule and OperationsModule give every operation module, minus Redis: the
 * config, what `stop` would do, and the registry of operation types.
 */
@Module({})
class EsopCoreModule {
  static register(config: SidecarConfig): DynamicModule {
    return {
      module: EsopCoreModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [{ provide: SidecarConfig, useValue: config }, { provide: SHUTDOWN_HOOK, useValue: exitGracefully }, OperationRegistry],
      exports: [SidecarConfig, SHUTDOWN_HOOK, OperationRegistry],
    };
  }
}

/** Root module of a one-shot `icarus esop` command: Jolokia facades and the operation's own module. */
@Module({})
export class EsopCliModule {
  static register(config: SidecarConfig, operationModules: Type[]): DynamicModule {
    return { module: EsopCliModule, imports: [EsopCoreModule.register(config), CassandraModule, ...operationModules] };
  }
}

/**
 * A Nest application context (no HTTP server, no queues) holding the module that handles `type`,
 * chosen among `modules` (the shipped OPERATION_MODULES, or test modules).
 */
export async function createEsopContext(
  config: SidecarConfig,
  type: string,
  modules: readonly Type[],
  logger: LoggerService,
): Promise<INestApplicationContext> {
  // Quiet while booting: a boot failure is reported once, by the caller, without Nest's stack trace.
  const app = await NestFactory.createApplicationContext(EsopCliModule.register(config, modulesProviding(type, modules)), {
    logger: false,
    abortOnError: false,
  });
  app.useLogger(logger);
  return app;
}
