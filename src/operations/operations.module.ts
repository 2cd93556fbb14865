import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { OperationMetrics } from './operation-metrics.js';
import { AllowedPaths } from './allowed-paths.js';
import { OperationRegistry } from './operation-registry.js';
import { OperationsController } from './operations.controller.js';
import { OperationsService } from './operations.service.js';
import { OperationsWorker } from './operations.worker.js';
import { SidecarShutdown } from './sidecar-shutdown.js';

/** The operations engine: registry of types, the worker, the service, /operations and its /metrics series. */
@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [OperationsController],
  providers: [OperationRegistry, OperationsWorker, OperationsService, SidecarShutdown, OperationMetrics, AllowedPaths],
  exports: [OperationRegistry, OperationsService, SidecarShutdown],
})
export class OperationsModule {}
