import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { SidecarError } from '../../common/errors.js';
import type { Role } from '../../common/roles.js';
import { requireRole } from '../../security/authorization.js';

/** A path prefix served by Express itself (Swagger, Bull Board) and what it needs. */
export interface ProtectedMount {
  prefix: string;
  role: Role;
  /** Only GET and HEAD: anything else is 405 whatever the role. */
  readOnly: boolean;
}

const mounts = new WeakMap<object, ProtectedMount[]>();

/**
 * Declares the role of a prefix that is not a Nest controller (those declare theirs with
 * @RequiresRole) and enforces it there with the same rule; call it before the prefix's handlers are
 * added. The engine's role test lists what the app serves and finds each route here or in RouteRoles.
 */
export function protectMount(app: INestApplication, mount: ProtectedMount): void {
  const list = mounts.get(app) ?? [];
  list.push(mount);
  mounts.set(app, list);
  app.use(mount.prefix, (req: Request, res: Response, next: NextFunction) => {
    if (mount.readOnly && req.method !== 'GET' && req.method !== 'HEAD') {
      res.status(405).set('Allow', 'GET, HEAD').json({ message: `${mount.prefix} is read-only` });
      return;
    }
    try {
      requireRole(req, mount.role, `${req.method} ${mount.prefix}`);
      next();
    } catch (err) {
      const status = err instanceof SidecarError ? err.httpStatus : 500;
      res.status(status).json({ message: (err as Error).message });
    }
  });
}

/** The prefixes declared on this app, in order. */
export function protectedMounts(app: INestApplication): ProtectedMount[] {
  return [...(mounts.get(app) ?? [])];
}
