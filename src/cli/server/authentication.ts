import type { TLSSocket } from 'node:tls';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { type Authenticator, clientCertificateOf } from '../../security/authenticator.js';
import { factsOf } from '../../security/principal.js';

/**
 * Authentication in front of every route: registered on the Express app before Nest adds its
 * controllers, Swagger and Bull Board, so any endpoint added later is covered without a decorator.
 * A refused request gets a JSON 401 shaped like every other error (`{message}`); an accepted one
 * carries its principal (identity and role) to the role checks and the audit log.
 */
export function useAuthentication(app: INestApplication, authenticator: Authenticator): void {
  app.use((req: Request, res: Response, next: NextFunction) => {
    const result = authenticator.check({ method: req.method, path: req.path, authorization: req.get('authorization'), certificate: clientCertificateOf(req.socket as TLSSocket) });
    if (result.ok) {
      factsOf(req).principal = result.principal;
      next();
      return;
    }
    if (authenticator.usesTokens) {
      res.set('WWW-Authenticate', result.invalidToken ? 'Bearer realm="icarus", error="invalid_token"' : 'Bearer realm="icarus"');
    }
    res.status(401).json({ message: result.message });
  });
}
