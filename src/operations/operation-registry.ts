import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { isRole, ROLES } from '../common/roles.js';
import { SidecarConfig } from '../config/sidecar-config.js';
import { OPERATION_TYPE_METADATA, type OperationHandler, type OperationTypeDefinition } from './operation-handler.js';

export interface RegisteredOperationType {
  definition: OperationTypeDefinition;
  handler: OperationHandler;
}

/** Thrown at boot when the set of operation types is inconsistent; the app must not start. */
export class RegistryError extends Error {}

/**
 * The operation types this sidecar serves, found at boot among the providers decorated with
 * @OperationHandlerFor. Two handlers for one type, or a type without a role, stop the boot.
 */
@Injectable()
export class OperationRegistry implements OnModuleInit {
  private readonly types = new Map<string, RegisteredOperationType>();
  private loaded = false;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    @Inject(SidecarConfig) private readonly config: SidecarConfig,
  ) {}

  onModuleInit(): void {
    this.load();
  }

  /** Finds the handlers; idempotent, and callable before init (providers exist once the app is created). */
  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    for (const wrapper of this.discovery.getProviders()) {
      if (!wrapper.metatype || !wrapper.instance) continue;
      const definition = this.reflector.get<OperationTypeDefinition | undefined>(
        OPERATION_TYPE_METADATA,
        wrapper.metatype,
      );
      if (!definition) continue;
      if (this.types.has(definition.type)) {
        throw new RegistryError(`operation type '${definition.type}' has two handlers`);
      }
      if (!isRole((definition as { role?: unknown }).role)) {
        throw new RegistryError(`operation type '${definition.type}' declares no role: add role: ${ROLES.map((r) => `'${r}'`).join(' | ')} to its @OperationHandlerFor`);
      }
      if (typeof (wrapper.instance as OperationHandler).run !== 'function') {
        throw new RegistryError(`handler of operation type '${definition.type}' has no run() method`);
      }
      if (definition.enabled && !definition.enabled(this.config)) continue;
      this.types.set(definition.type, { definition, handler: wrapper.instance as OperationHandler });
    }
  }

  get(type: string): RegisteredOperationType | undefined {
    this.load();
    return this.types.get(type);
  }

  typeIds(): string[] {
    this.load();
    return [...this.types.keys()].sort();
  }

  all(): RegisteredOperationType[] {
    return this.typeIds().map((t) => this.types.get(t)!);
  }
}
