import type { Role } from '../common/roles.js';

/** How a request proved who it is. */
export type Via = 'token' | 'certificate' | 'none';

/**
 * Who sent a request: `identity` is a token's name or fingerprint, or a certificate's subject —
 * never a secret; `role` is undefined for a certificate the role mapping does not name.
 */
export interface Principal {
  identity: string;
  via: Via;
  role?: Role;
}

/** Everyone, when the sidecar runs without authentication (Icarus' behaviour): may do everything. */
export const OPEN_ACCESS: Principal = { identity: 'anonymous', via: 'none', role: 'admin' };

/** A Kubernetes probe let in without credentials by --auth-exempt-health: it reads the probe, nothing else. */
export const EXEMPT_PROBE: Principal = { identity: 'anonymous', via: 'none', role: 'read' };

/**
 * What the layers after authentication learn about one request (who sent it, the role it needed,
 * the operation it named), for the role checks and the audit log. Keyed by the request object.
 */
export interface RequestFacts {
  principal?: Principal;
  requiredRole?: Role;
  operationType?: string;
  operationId?: string;
}

const facts = new WeakMap<object, RequestFacts>();

export function factsOf(request: object): RequestFacts {
  let known = facts.get(request);
  if (!known) facts.set(request, (known = {}));
  return known;
}

export function principalOf(request: object): Principal | undefined {
  return facts.get(request)?.principal;
}
