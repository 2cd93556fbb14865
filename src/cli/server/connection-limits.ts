import type { Server } from 'node:http';
import type { LimitsConfig } from '../../config/limits.config.js';

/**
 * What one connection may hold: at most `maxConnections` open at once (more are closed as they are
 * accepted), headers within `headersTimeout` and the whole request within `requestTimeout` (Node
 * answers 408 and closes), checked every half second. Node's defaults (no cap, 60 s, 300 s, checked
 * every 30 s) let 2,000 half-sent requests hold 2,000 sockets for a minute or more. An idle
 * keep-alive connection keeps Node's 5 s limit; the TLS handshake's is set with the https options.
 */
export function applyConnectionLimits(server: Server, limits: LimitsConfig): void {
  server.maxConnections = limits.maxConnections;
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  // Read by Node when the server starts listening; a request past its timeout is closed within this.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(500, limits.headersTimeoutMs);
}
