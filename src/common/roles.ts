/**
 * What a credential may do, weakest first: `read` (GET endpoints, the dashboard), `operate` (node
 * operations, backups, listings), `admin` (restores, truncate, removal of backups, decommission,
 * stop, drain, schedules). Each role includes the ones before it.
 */
export const ROLES = ['read', 'operate', 'admin'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(text: unknown): text is Role {
  return typeof text === 'string' && (ROLES as readonly string[]).includes(text);
}

/** Whether a credential holding `held` may do what needs `needed`; no role at all allows nothing. */
export function roleAllows(held: Role | undefined, needed: Role): boolean {
  return held !== undefined && ROLES.indexOf(held) >= ROLES.indexOf(needed);
}

/** The weakest of some roles (`admin` for none). */
export function weakestRole(roles: Iterable<Role>): Role {
  let weakest: Role = 'admin';
  for (const role of roles) if (ROLES.indexOf(role) < ROLES.indexOf(weakest)) weakest = role;
  return weakest;
}
