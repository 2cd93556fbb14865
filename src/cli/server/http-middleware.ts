import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';

const ALLOW_METHODS = 'GET, POST, PUT, DELETE, OPTIONS, HEAD';
const ALLOW_HEADERS = 'authorization, content-type, accept, origin';

/**
 * CORS for the configured origins only. Icarus answered `Access-Control-Allow-Origin: *` to every
 * page; here a page of another origin gets no Access-Control-Allow-* header at all, its preflight
 * included, so the browser never lets it send a non-simple request (JSON, DELETE, Authorization)
 * nor read an answer. Preflights are answered before authentication: browsers never send
 * credentials with them.
 */
export function useCors(app: INestApplication, origins: string[]): void {
  const allowed = new Set(origins);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const origin = req.get('origin');
    if (origin !== undefined) res.vary('Origin');
    const permitted = origin !== undefined && allowed.has(origin);
    if (permitted) {
      res.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' });
    }
    if (req.method === 'OPTIONS' && req.get('access-control-request-method') !== undefined) {
      if (permitted) res.set({ 'Access-Control-Allow-Methods': ALLOW_METHODS, 'Access-Control-Allow-Headers': ALLOW_HEADERS, 'Access-Control-Max-Age': '600' });
      res.status(204).end();
      return;
    }
    next();
  });
}

/** `application/json` or a `+json` type, with any parameters. */
export function isJsonContentType(value: string | undefined): boolean {
  const type = (value ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

function hasBody(req: Request): boolean {
  return req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? 0) > 0;
}

/**
 * Requests that change state must declare a JSON body. A browser sends `text/plain`, form
 * encodings or no content type across origins without asking first (a CORS "simple request"); a
 * page could otherwise drain or decommission the node through an operator's browser. DELETE is
 * never simple (the browser preflights it), so one without a body needs no content type.
 */
export function useJsonBodies(app: INestApplication, maxBodyBytes: number): void {
  app.use((req: Request, res: Response, next: NextFunction) => {
    const needsJson = ['POST', 'PUT', 'PATCH'].includes(req.method) || (req.method === 'DELETE' && hasBody(req));
    if (needsJson && !isJsonContentType(req.get('content-type'))) {
      const given = req.get('content-type');
      res.status(415).json({ message: `${req.method} needs Content-Type: application/json (${given ? `got ${given}` : 'none given'})` });
      return;
    }
    next();
  });
  app.use(express.json({ type: (req) => isJsonContentType(req.headers['content-type']), limit: maxBodyBytes, strict: false }));
  app.use((err: Error & { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction) => {
    if (err.type === 'entity.parse.failed') {
      res.status(400).json({ message: `malformed JSON: ${err.message}`, errors: [{ field: 'body', problem: 'is not valid JSON' }] });
    } else if (err.type === 'entity.too.large') {
      res.status(413).json({ message: `request body is larger than ${describeSize(maxBodyBytes)} (--max-body-size)` });
    } else if (err.status && err.status < 500) {
      res.status(err.status).json({ message: err.message });
    } else {
      next(err);
    }
  });
}

function describeSize(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
