import http from 'node:http';
import https from 'node:https';

/** Status and body of one HTTP answer. */
export interface HttpReply {
  status: number;
  body: string;
}

/** What to send with every POST to the agent. */
export interface HttpPostOptions {
  authorization?: string;
  /** CA certificates (PEM) to trust instead of Node's bundled roots, for an `https` agent. */
  ca?: Buffer;
  signal: AbortSignal;
}

/**
 * POSTs a JSON body with node:http(s). Used instead of global `fetch` because a custom CA needs
 * undici's `Agent`, and Node bundles undici without exposing it as an importable module.
 * One connection per request: Jolokia's JDK HTTP server closes idle connections on its own
 * schedule, and reusing one it has just closed would fail a request for nothing.
 */
export function postJson(url: URL, body: string, options: HttpPostOptions): Promise<HttpReply> {
  const headers: http.OutgoingHttpHeaders = {
    'content-type': 'application/json',
    accept: 'application/json',
    'content-length': Buffer.byteLength(body),
  };
  if (options.authorization) headers.authorization = options.authorization;
  const common = { method: 'POST', headers, signal: options.signal, agent: false as const };
  return new Promise((resolve, reject) => {
    const onResponse = (res: http.IncomingMessage): void => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    };
    const req =
      url.protocol === 'https:'
        ? https.request(url, { ...common, ca: options.ca }, onResponse)
        : http.request(url, common, onResponse);
    req.on('error', reject);
    req.end(body);
  });
}
