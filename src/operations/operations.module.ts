import { Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { OperationMetrics } from './operation-metrics.js';
import { AllowedPaths } from './allowed-paths.js';
import { OperationRegistry } from './operation-registry.js';
import { OperationRoles } from './operation-roles.js';
import { RoleGuard } from './role.guard.js';
import { RouteRoles } from './route-roles.js';
import { OperationsController } from './operations.controller.js';
import { OperationsService } from './operations.service.js';
import { OperationsWorker } from './operations.worker.js';
import { SidecarShutdown } from './sidecar-shutdown.js';

/**
 * The operations engine: registry of types, the worker, the service, /operations and its /metrics
 * series; and the role check of every route (the roles of operation types live in the registry).
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [OperationsController],
  providers: [
    OperationRegistry, OperationsWorker, OperationsService, SidecarShutdown, OperationMetrics, AllowedPaths,
    OperationRoles, RouteRoles, { provide: APP_GUARD, useClass: RoleGuard },
  ],
  exports: [OperationRegistry, OperationsService, SidecarShutdown, OperationRoles, RouteRoles],
})
export class OperationsModule {}
