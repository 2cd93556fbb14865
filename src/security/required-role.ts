import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiResponse } from '@nestjs/swagger';
import { ErrorBody } from '../common/error-bodies.js';
import type { Role } from '../common/roles.js';

/** Metadata key of a route's role requirement. */
export const REQUIRED_ROLE = 'icarus:required-role';

/** OpenAPI extension that shows each endpoint's requirement (and each operation type's role). */
export const ROLE_EXTENSION = 'x-required-role';

/** A role, or `operation-type`: the role declared by the operation type the request names (POST /operations). */
export type RoleRequirement = Role | 'operation-type';

/**
 * Declares what a route (or every route of a controller) needs; every route must have one, or the
 * sidecar refuses to boot. Also documents it in the OpenAPI document (`x-required-role`, a 403 answer).
 */
export const RequiresRole = (requirement: RoleRequirement): ClassDecorator & MethodDecorator =>
  applyDecorators(
    SetMetadata(REQUIRED_ROLE, requirement),
    ApiExtension(ROLE_EXTENSION, requirement),
    ApiResponse({
      status: 403,
      type: ErrorBody,
      description: requirement === 'operation-type'
        ? "the credential's role is below the one the operation type needs (`x-required-role` of its request schema); the message names it"
        : `the credential's role is below '${requirement}'; the message names the role needed`,
    }),
  );
