import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';

type Callback = (err: Error | null, socket?: Duplex) => void;

/** Opens a CONNECT tunnel to `options.host:port` through `proxy`; wraps it in TLS for https targets. */
function openTunnel(proxy: URL, secure: boolean, options: tls.ConnectionOptions & { host?: string; port?: number }, callback: Callback): void {
  const target = `${options.host}:${options.port}`;
  const headers: Record<string, string> = { Host: target };
  if (proxy.username) {
    const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
    headers['Proxy-Authorization'] = `Basic ${Buffer.from(credentials).toString('base64')}`;
  }
  const request = (proxy.protocol === 'https:' ? https : http).request({
    host: proxy.hostname,
    port: Number(proxy.port),
    method: 'CONNECT',
    path: target,
    headers,
    agent: false,
  });
  request.once('connect', (response, socket) => {
    if (response.statusCode !== 200) {
      socket.destroy();
      callback(new Error(`Proxy refused the tunnel to ${target} with HTTP ${response.statusCode}`));
      return;
    }
    callback(null, secure ? tls.connect({ ...options, socket, servername: options.host }) : socket);
  });
  // The proxy URL may hold a password, so only host and port are named.
  request.once('error', (err) => callback(new Error(`Cannot reach the proxy ${proxy.hostname}:${proxy.port}: ${err.message}`)));
  request.end();
}

/**
 * Agents that reach every host through an HTTP CONNECT tunnel of a forward proxy (`proxySettings`).
 * Node's own proxy support follows environment variables, not a per-request proxy; a tunnel leaves
 * request signing untouched. Node's Agent accepts an asynchronous createConnection (callback,
 * undefined return), which is what these use.
 */
export class HttpTunnelAgent extends http.Agent {
  constructor(private readonly proxy: URL) {
    super({ keepAlive: true });
  }
  override createConnection(options: tls.ConnectionOptions & { host?: string; port?: number }, callback: Callback): undefined {
    openTunnel(this.proxy, false, options, callback);
    return undefined;
  }
}

export class HttpsTunnelAgent extends https.Agent {
  constructor(private readonly proxy: URL) {
    super({ keepAlive: true });
  }
  override createConnection(options: tls.ConnectionOptions & { host?: string; port?: number }, callback: Callback): undefined {
    openTunnel(this.proxy, true, options, callback);
    return undefined;
  }
}
