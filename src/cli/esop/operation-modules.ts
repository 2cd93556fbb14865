import type { DynamicModule, Provider, Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants.js';
import { OPERATION_TYPE_METADATA, type OperationTypeDefinition } from '../../operations/operation-handler.js';

type ModuleRef = Type | DynamicModule;

/**
 * The operation modules whose providers (or imported modules' providers) include the handler of
 * `type`. The CLI boots only those: other modules may need the Redis-backed engine (the `stop`
 * handler injects OperationsService), which a one-shot command does not start.
 */
export function modulesProviding(type: string, modules: readonly Type[]): Type[] {
  return modules.filter((m) => provides(m, type, new Set()));
}

function provides(ref: ModuleRef, type: string, seen: Set<unknown>): boolean {
  const target = typeof ref === 'function' ? ref : ref.module;
  if (!target || seen.has(ref)) return false;
  seen.add(ref);
  const providers: Provider[] = [
    ...((Reflect.getMetadata(MODULE_METADATA.PROVIDERS, target) as Provider[] | undefined) ?? []),
    ...(typeof ref === 'function' ? [] : (ref.providers ?? [])),
  ];
  if (providers.some((p) => handledType(p) === type)) return true;
  const imports: unknown[] = [
    ...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, target) as unknown[] | undefined) ?? []),
    ...(typeof ref === 'function' ? [] : (ref.imports ?? [])),
  ];
  return imports.some((i) => isModuleRef(i) && provides(i, type, seen));
}

function handledType(provider: Provider): string | undefined {
  const cls = typeof provider === 'function' ? provider : 'useClass' in provider ? provider.useClass : undefined;
  if (!cls) return undefined;
  return (Reflect.getMetadata(OPERATION_TYPE_METADATA, cls) as OperationTypeDefinition | undefined)?.type;
}

/** A module class or a dynamic module; forward references and promises are not followed. */
function isModuleRef(value: unknown): value is ModuleRef {
  return typeof value === 'function' || (typeof value === 'object' && value !== null && 'module' in value);
}
