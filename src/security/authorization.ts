import { ForbiddenError } from '../common/errors.js';
import { ROLES, type Role, roleAllows } from '../common/roles.js';
import { factsOf, type Principal } from './principal.js';

/**
 * The one decision of whether a request's credential may do something: throws ForbiddenError (403)
 * naming the role needed and the one held. The role needed is noted for the audit log.
 */
export function requireRole(request: object, needed: Role, what: string): void {
  const facts = factsOf(request);
  if (!facts.requiredRole || ROLES.indexOf(needed) > ROLES.indexOf(facts.requiredRole)) facts.requiredRole = needed;
  const principal = facts.principal;
  if (roleAllows(principal?.role, needed)) return;
  throw new ForbiddenError(`${what} needs the '${needed}' role; ${describeHolder(principal)}`);
}

function describeHolder(principal: Principal | undefined): string {
  if (!principal) return 'the request carries no credential';
  if (principal.via === 'certificate' && !principal.role) {
    return `the client certificate ${principal.identity} has no role (map its subject in the --tls-client-roles file)`;
  }
  const who = principal.via === 'token' ? `token ${principal.identity}` : principal.via === 'certificate' ? `the client certificate ${principal.identity}` : 'an anonymous request';
  return `${who} has '${principal.role}'`;
}
