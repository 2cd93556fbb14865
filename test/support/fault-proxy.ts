import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export type Fault = 'status500' | 'status503' | 'drop' | 'truncate';

export interface FaultProxyOptions {
  /** Origin of the emulator, e.g. http://127.0.0.1:7070. */
  target: string;
  /** Share of requests that get a fault, 0..1. */
  faultRate?: number;
  faults?: readonly Fault[];
  /** Seed of the fault dice, so a run is reproducible. */
  seed?: number;
  /** When set, CONNECT tunnels require these Basic credentials (407 otherwise). */
  tunnelCredentials?: { username: string; password: string };
}

/** Small deterministic PRNG (mulberry32): the same seed gives the same fault sequence. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A reverse proxy in front of a storage emulator that fails a set share of requests: 500 or 503
 * answers, connections dropped before the request reaches the emulator, or answers cut off halfway
 * through the body. It rewrites `Location` headers (GCS resumable sessions) to point back at itself.
 * It also serves CONNECT, so it can stand in for a forward proxy (`proxySettings`).
 */
export class FaultProxy {
  readonly stats = { requests: 0, faults: 0, tunnels: 0, refusedTunnels: 0 };
  /** Every request passed on to the emulator, with the status it answered (to count uploads per key). */
  readonly log: Array<{ method: string; url: string; status: number; copy: boolean; range: boolean }> = [];
  faultRate: number;
  private readonly dice: () => number;
  private readonly faults: readonly Fault[];
  private readonly server: http.Server;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly target: URL;
  private origin = '';

  constructor(private readonly options: FaultProxyOptions) {
    this.target = new URL(options.target);
    this.faultRate = options.faultRate ?? 0;
    this.faults = options.faults ?? ['status500', 'status503', 'drop', 'truncate'];
    this.dice = prng(options.seed ?? 42);
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.on('connect', (req, socket, head) => this.tunnel(req, socket as net.Socket, head));
  }

  /** Starts listening on a free loopback port; returns the proxy's origin. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.origin;
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private pickFault(): Fault | null {
    if (this.dice() >= this.faultRate) return null;
    return this.faults[Math.floor(this.dice() * this.faults.length)];
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.stats.requests++;
    const fault = this.pickFault();
    if (fault) this.stats.faults++;
    if (fault === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault === 'status500' || fault === 'status503') {
      req.resume();
      req.once('end', () => {
        res.writeHead(fault === 'status500' ? 500 : 503, { 'content-type': 'text/plain', connection: 'close' });
        res.end(fault === 'status500' ? 'injected internal error' : 'injected slow down');
      });
      return;
    }
    const upstream = http.request(
      {
        host: this.target.hostname,
        port: this.target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent: this.agent,
      },
      (answer) => {
        const copy = req.headers['x-amz-copy-source'] !== undefined;
        this.log.push({ method: req.method ?? '', url: req.url ?? '', status: answer.statusCode ?? 0, copy, range: req.headers.range !== undefined });
        this.relay(answer, res, fault === 'truncate');
      },
    );
    upstream.once('error', () => res.destroy());
    req.pipe(upstream);
  }

  private relay(answer: http.IncomingMessage, res: http.ServerResponse, truncate: boolean): void {
    const headers = { ...answer.headers };
    if (typeof headers.location === 'string') headers.location = headers.location.replace(this.target.origin, this.origin);
    res.writeHead(answer.statusCode ?? 502, headers);
    if (!truncate) {
      answer.pipe(res);
      return;
    }
    // Send about half of the declared body, then cut the connection, like a reset mid-transfer.
    const declared = Number(answer.headers['content-length'] ?? 0);
    let budget = Math.floor(declared / 2);
    answer.on('data', (chunk: Buffer) => {
      if (budget > 0) res.write(chunk.subarray(0, budget));
      budget -= chunk.length;
      if (budget <= 0) {
        answer.destroy();
        res.socket?.destroy();
      }
    });
    answer.once('end', () => res.socket?.destroy());
  }

  private tunnel(req: http.IncomingMessage, client: net.Socket, head: Buffer): void {
    const expected = this.options.tunnelCredentials;
    const auth = req.headers['proxy-authorization'];
    if (expected && auth !== `Basic ${Buffer.from(`${expected.username}:${expected.password}`).toString('base64')}`) {
      this.stats.refusedTunnels++;
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n');
      return;
    }
    this.stats.tunnels++;
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.once('error', () => client.destroy());
    client.once('error', () => upstream.destroy());
  }
}
