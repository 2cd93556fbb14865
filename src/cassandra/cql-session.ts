import { readFileSync } from 'node:fs';
import cassandra from 'cassandra-driver';
import { errorMessage, UnavailableError } from '../common/errors.js';
import type { CqlConfig } from '../config/cql.config.js';
import type { EndpointSnitchInfo } from './endpoint-snitch-info.js';
import type { FailureDetector } from './failure-detector.js';
import type { StorageService } from './storage-service.js';

export type CqlClient = cassandra.Client;
export const { consistencies } = cassandra.types;

/**
 * The sidecar's CQL connection to its own node: one cassandra-driver client, opened on first use,
 * whose load-balancing policy only ever picks this node as coordinator (so DDL and reads are
 * coordinated where the sidecar runs, as JMX calls are). Credentials come from the config and
 * never reach a log or an error message.
 */
export class CqlSession {
  private connecting: Promise<CqlClient> | undefined;

  constructor(
    private readonly config: CqlConfig,
    private readonly storage: StorageService,
    private readonly failureDetector: FailureDetector,
    private readonly snitch: EndpointSnitchInfo,
  ) {}

  /** The connected client; a failed connection is retried by the next call. */
  client(): Promise<CqlClient> {
    this.connecting ??= this.connect().catch((err: unknown) => {
      this.connecting = undefined;
      throw err;
    });
    return this.connecting;
  }

  /** The `host:port` this session talks to (from --cql-host, else gossip's native address of this node). */
  async address(): Promise<string> {
    if (this.config.host) return this.config.host.includes(':') && !this.config.host.startsWith('[') ? this.config.host : `${this.config.host}:9042`;
    const hostId = await this.storage.localHostId();
    const native = await this.failureDetector.nativeAddressOf(hostId);
    if (!native) throw new UnavailableError(`gossip announces no native (CQL) address for this node (${hostId}); set --cql-host`);
    return native;
  }

  /** Nest calls this at shutdown. */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    const pending = this.connecting;
    this.connecting = undefined;
    if (pending) await pending.then((c) => c.shutdown(), () => undefined);
  }

  private async connect(): Promise<CqlClient> {
    const address = await this.address();
    const { dc } = await this.snitch.local();
    const [host, port] = splitAddress(address);
    const { policies, auth } = cassandra;
    const client = new cassandra.Client({
      contactPoints: [host],
      protocolOptions: { port },
      localDataCenter: dc,
      policies: { loadBalancing: new policies.loadBalancing.AllowListPolicy(new policies.loadBalancing.DCAwareRoundRobinPolicy(dc), [`${host}:${port}`]) },
      socketOptions: { readTimeout: this.config.timeoutMs, connectTimeout: 10_000 },
      ...(this.config.user !== undefined ? { authProvider: new auth.PlainTextAuthProvider(this.config.user, this.config.password ?? '') } : {}),
      ...(this.config.caFile ? { sslOptions: { ca: [readFileSync(this.config.caFile)], servername: host, rejectUnauthorized: true } } : {}),
    });
    try {
      await client.connect();
    } catch (err) {
      await client.shutdown().catch(() => undefined);
      // The driver's messages name the host and the authenticator's answer, never the password.
      throw new UnavailableError(`cannot open a CQL session to ${address}: ${errorMessage(err)}`);
    }
    return client;
  }
}

function splitAddress(address: string): [string, number] {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address);
  return m ? [m[1], Number(m[2])] : [address, 9042];
}
