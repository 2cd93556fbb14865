import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Lightweight stand-ins for peer sidecars, for the coordination benchmark only: each answers
 * POST /operations with an operation that is already COMPLETED (instant node work), GET
 * /operations[/{id}], DELETE and /version/sidecar, like a sidecar does. One server per peer.
 */
export class FakePeers {
  private constructor(private readonly servers: Server[]) {}

  static async start(count: number): Promise<FakePeers> {
    const servers: Server[] = [];
    for (let i = 0; i < count; i++) {
      const operations = new Map<string, Record<string, unknown>>();
      const server = createServer((req, res) => void answer(req, res, operations));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
    }
    return new FakePeers(servers);
  }

  urls(): string[] {
    return this.servers.map((s) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`);
  }

  async close(): Promise<void> {
    for (const server of this.servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }
}

async function answer(req: IncomingMessage, res: ServerResponse, operations: Map<string, Record<string, unknown>>): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = new URL(req.url ?? '/', 'http://peer');
  const send = (status: number, body?: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  if (url.pathname === '/version/sidecar') return send(200, { version: 'fake' });
  if (req.method === 'POST' && url.pathname === '/operations') {
    const now = new Date().toISOString();
    const request = JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>;
    const op = { ...request, id: randomUUID(), creationTime: now, state: 'COMPLETED', errors: [], progress: 1, startTime: now, completionTime: now };
    operations.set(op.id, op);
    return send(201, op);
  }
  if (req.method === 'GET' && url.pathname === '/operations') return send(200, [...operations.values()].reverse());
  const op = operations.get(url.pathname.split('/')[2] ?? '');
  if (req.method === 'DELETE') return send(op ? 202 : 404);
  return op ? send(200, op) : send(404, { message: 'no such operation' });
}
