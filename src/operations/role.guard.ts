import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ForbiddenError } from '../common/errors.js';
import { requireRole } from '../security/authorization.js';
import { REQUIRED_ROLE, type RoleRequirement } from '../security/required-role.js';
import { OperationRoles } from './operation-roles.js';

/**
 * Enforces each route's declared role (RouteRoles made sure every route has one) for the principal
 * authentication found. Runs on the handler Nest matched, so no path of its own is ever compared.
 */
@Injectable()
export class RoleGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly operations: OperationRoles,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const requirement = this.reflector.getAllAndOverride<RoleRequirement | undefined>(REQUIRED_ROLE, [context.getHandler(), context.getClass()]);
    const route = `${request.method} ${(request.route as { path?: string } | undefined)?.path ?? request.path}`;
    // Unreachable while RouteRoles checks the routes at boot; fails closed if that check is ever bypassed.
    if (!requirement) throw new ForbiddenError(`${route} declares no role, so nobody may call it`);
    if (requirement === 'operation-type') this.operations.requireForSubmission(request);
    else requireRole(request, requirement, route);
    return true;
  }
}
