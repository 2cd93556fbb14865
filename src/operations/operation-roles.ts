import { Injectable } from '@nestjs/common';
import { type Role, weakestRole } from '../common/roles.js';
import { requireRole } from '../security/authorization.js';
import { factsOf } from '../security/principal.js';
import { OperationRegistry } from './operation-registry.js';

/** What each operation type needs: the role its @OperationHandlerFor declares, checked by the one rule of security/authorization. */
@Injectable()
export class OperationRoles {
  constructor(private readonly registry: OperationRegistry) {}

  roleOf(type: string): Role | undefined {
    return this.registry.get(type)?.definition.role;
  }

  /**
   * POST /operations: the role of the type the body names. A body naming no known type needs the
   * weakest role any type needs, so a credential that may submit nothing gets 403, not a 400 about its body.
   */
  requireForSubmission(request: { body?: unknown }): void {
    const named = (request.body as { type?: unknown } | undefined)?.type;
    const role = typeof named === 'string' ? this.roleOf(named) : undefined;
    if (role) {
      factsOf(request).operationType = named as string;
      requireRole(request, role, `submitting a '${named as string}' operation`);
      return;
    }
    requireRole(request, weakestRole(this.registry.all().map((t) => t.definition.role)), 'submitting operations');
  }

  /** Cancelling an operation needs what submitting its type needs (a restore stopped half-way is an admin's call). */
  requireForCancel(request: object, id: string, type: string): void {
    const facts = factsOf(request);
    facts.operationType = type;
    facts.operationId = id;
    const role = this.roleOf(type);
    // A type this sidecar no longer serves (truncate after --enable-truncate was dropped): only an admin.
    requireRole(request, role ?? 'admin', `cancelling a '${type}' operation`);
  }
}
