import { Injectable, type OnModuleInit, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { REQUIRED_ROLE, type RoleRequirement } from '../security/required-role.js';
import { RegistryError } from './operation-registry.js';

/** One route of the app and what it needs. */
export interface DeclaredRoute {
  method: string;
  /** As Express matches it, e.g. `/operations/:id`. */
  path: string;
  requirement: RoleRequirement;
}

const READING = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every controller route with the role it declares (`@RequiresRole` on the method or its
 * controller), found at boot. A route without one, or one that changes state declared `read`,
 * stops the boot: no endpoint can be added without deciding who may call it.
 */
@Injectable()
export class RouteRoles implements OnModuleInit {
  private declared: DeclaredRoute[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const problems: string[] = [];
    const routes: DeclaredRoute[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!controller) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of this.scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name] as object;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const verb = RequestMethod[method];
        const path = joinPath(base, String(Reflect.getMetadata(PATH_METADATA, handler) ?? ''));
        const requirement = this.reflector.getAllAndOverride<RoleRequirement | undefined>(REQUIRED_ROLE, [handler as () => void, controller]);
        if (!requirement) problems.push(`${verb} ${path} (${controller.name}.${name}) declares no role: add @RequiresRole(...)`);
        else if (requirement === 'read' && !READING.has(verb)) problems.push(`${verb} ${path} changes state but is declared 'read'`);
        else routes.push({ method: verb, path, requirement });
      }
    }
    if (problems.length > 0) throw new RegistryError(`routes without a proper role: ${problems.join('; ')}`);
    this.declared = routes;
  }

  /** Every route with its requirement (the engine's role test enumerates them). */
  all(): DeclaredRoute[] {
    return [...this.declared];
  }
}

function joinPath(base: string, path: string): string {
  const joined = `/${[base, path].map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
  return joined;
}
