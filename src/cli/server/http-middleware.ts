import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';

const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'origin, content-type, accept, authorization',
  'Access-Control-Allow-Credentials': 'true',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS, HEAD',
};

/** Icarus' CORS headers on every response (unless --disable-cors), and preflight answers. */
export function useCors(app: INestApplication): void {
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.set(CORS_HEADERS);
    if (req.method === 'OPTIONS') res.status(204).end();
    else next();
  });
}

/**
 * JSON bodies of any declared content type (clients often forget the header), and a JSON 400
 * for malformed JSON instead of Express' HTML page.
 */
export function useJsonBodies(app: INestApplication): void {
  app.use(express.json({ type: () => true, limit: '1mb', strict: false }));
  app.use((err: Error & { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction) => {
    if (err.type === 'entity.parse.failed') {
      res.status(400).json({ message: `malformed JSON: ${err.message}`, errors: [{ field: 'body', problem: 'is not valid JSON' }] });
    } else if (err.type === 'entity.too.large') {
      res.status(413).json({ message: 'request body is larger than 1 MB' });
    } else if (err.status && err.status < 500) {
      res.status(err.status).json({ message: err.message });
    } else {
      next(err);
    }
  });
}
