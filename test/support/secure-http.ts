import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { PeerCertificate, TLSSocket } from 'node:tls';

/** How a test client talks to a secured sidecar: CA to trust, bearer token, client certificate, extra headers. */
export interface ClientOptions {
  ca?: string;
  token?: string;
  cert?: string;
  key?: string;
  headers?: Record<string, string>;
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: any;
  text: string;
  /** The server certificate, over https. */
  peer?: PeerCertificate;
}

/**
 * One request with node:http(s) (fetch cannot take a private CA or a client certificate). A JSON
 * body gets `content-type: application/json` unless `headers` say otherwise; a string body is sent as is.
 */
export function request(base: string, method: string, path: string, body?: unknown, options: ClientOptions = {}): Promise<Reply> {
  const url = new URL(`${base}${path}`);
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const headers: http.OutgoingHttpHeaders = { ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}), ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const read = (file?: string) => (file ? readFileSync(file) : undefined);
  const tls = { ca: read(options.ca), cert: read(options.cert), key: read(options.key) };
  return new Promise((resolve, reject) => {
    const onResponse = (res: http.IncomingMessage): void => {
      const chunks: Buffer[] = [];
      const peer = url.protocol === 'https:' ? (res.socket as TLSSocket).getPeerCertificate() : undefined;
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json, text, peer });
      });
    };
    const req = url.protocol === 'https:'
      ? https.request(url, { method, headers, agent: false, ...tls }, onResponse)
      : http.request(url, { method, headers, agent: false }, onResponse);
    req.on('error', reject);
    req.end(payload);
  });
}
