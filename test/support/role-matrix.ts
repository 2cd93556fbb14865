import type { INestApplication } from '@nestjs/common';
import { Controller, Get, Injectable, Module } from '@nestjs/common';
import { type OperationContext, type OperationHandler, OperationHandlerFor } from '../../src/operations/operation-handler.js';
import { IntField, TypeField } from '../../src/operations/request-fields.js';

/** What the app's Express router serves: routes by method and path, and the prefixes of mounted middleware. */
export interface ServedSurface {
  routes: Array<{ method: string; path: string }>;
  mounts: string[];
}

interface Layer {
  rawPath?: string;
  route?: { path: string; methods: Record<string, boolean> };
}

/**
 * Reads the router Express really dispatches with (Nest controllers, Swagger's routes, Bull Board's
 * mount, global middleware), independently of how the sidecar declares roles.
 */
export function servedSurface(app: INestApplication): ServedSurface {
  const express = app.getHttpAdapter().getInstance() as { router?: { stack: Layer[] }; _router?: { stack: Layer[] } };
  const stack = (express.router ?? express._router)!.stack;
  const routes = stack.flatMap((layer) =>
    layer.route ? Object.keys(layer.route.methods).filter((m) => m !== '_all').map((m) => ({ method: m.toUpperCase(), path: layer.route!.path })) : [],
  );
  const mounts = stack.filter((l) => !l.route && l.rawPath !== undefined && l.rawPath !== '/').map((l) => l.rawPath!);
  return { routes, mounts: [...new Set(mounts)] };
}

/** A path with its parameters filled in, e.g. `/operations/:id` → `/operations/<uuid>`. */
export function concretePath(path: string): string {
  return path.replace(/:id\b/, '00000000-0000-4000-8000-000000000000').replace(/:(\w+)/g, 'dc1');
}

/** An operation type that needs admin, to see cancellation follow the type's role. */
export class TestAdminSleepRequest {
  @TypeField('test-admin-sleep') type = 'test-admin-sleep';
  @IntField('milliseconds to sleep', { default: 60_000, min: 0 }) ms = 60_000;
}

@OperationHandlerFor({ type: 'test-admin-sleep', request: TestAdminSleepRequest, resumable: false, role: 'admin' })
@Injectable()
export class TestAdminSleepHandler implements OperationHandler<TestAdminSleepRequest> {
  async run({ request, signal }: OperationContext<TestAdminSleepRequest>): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, request.ms);
      signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
}

@Module({ providers: [TestAdminSleepHandler] })
export class TestAdminSleepModule {}

/** A controller that forgot its role: the sidecar must refuse to boot with it. */
@Controller('forgotten')
export class ForgottenRoleController {
  @Get()
  forgotten(): string {
    return 'nobody decided who may read this';
  }
}

@Module({ controllers: [ForgottenRoleController] })
export class ForgottenRoleModule {}

/** An operation type without a role (as a plain JavaScript module could register): refused at boot too. */
@OperationHandlerFor({ type: 'test-roleless', request: TestAdminSleepRequest, resumable: false } as never)
@Injectable()
export class RolelessHandler implements OperationHandler<TestAdminSleepRequest> {
  async run(): Promise<void> {}
}

@Module({ providers: [RolelessHandler] })
export class RolelessModule {}
