import { connect } from 'node:net';
import type { StorageService } from '../../cassandra/storage-service.js';
import { ConflictError, errorMessage } from '../../common/errors.js';

/** How long a connection attempt may take before "not refused" (a firewall that drops, a frozen node). */
const PROBE_TIMEOUT_MS = 3_000;

/** The node's native transport (CQL) address, from its cassandra.yaml (or where Jolokia runs, port 9042). */
export interface NativeAddress {
  host: string;
  port: number;
}

/**
 * IN_PLACE rewrites the data directories under the node, so it needs Cassandra *confirmed* down: a
 * connection refused on its native transport port and on Jolokia's. Any other answer — Jolokia up,
 * a timeout, a reset connection, a TLS or HTTP error, a native port that accepts — may be a running
 * node, and is refused with 409 naming what answered (Esop and the earlier sidecar took any Jolokia
 * error for "down").
 */
export async function requireNodeDown(storage: StorageService, native: NativeAddress, jolokiaUrl: string): Promise<void> {
  const jolokia = await storage.schemaVersion().then(
    () => 'answers',
    (err: unknown) => (refused(err) ? null : `did not refuse the connection (${errorMessage(err)})`),
  );
  if (jolokia === 'answers') throw new ConflictError('It seems that a Cassandra node is up! IN_PLACE can not be used while Cassandra is running: Jolokia answers');
  if (jolokia) throw new ConflictError(`IN_PLACE needs Cassandra confirmed down, and Jolokia at ${jolokiaUrl} ${jolokia}; stop Cassandra (or fix what blocks the connection) and try again`);
  const cql = await probe(native);
  if (cql !== null) {
    throw new ConflictError(`IN_PLACE needs Cassandra confirmed down, and its native transport at ${native.host}:${native.port} ${cql}; stop Cassandra and try again`);
  }
}

/** Null when the connection was refused; otherwise what happened instead. */
function probe({ host, port }: NativeAddress): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: PROBE_TIMEOUT_MS });
    const done = (outcome: string | null): void => {
      socket.destroy();
      resolve(outcome);
    };
    socket.once('connect', () => done('accepts connections'));
    socket.once('timeout', () => done(`did not answer within ${PROBE_TIMEOUT_MS} ms`));
    socket.once('error', (err) => done(refused(err) ? null : `did not refuse the connection (${err.message})`));
  });
}

/** ECONNREFUSED on the error or its cause; with several addresses tried (happy eyeballs), on every one. */
function refused(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if ((e as NodeJS.ErrnoException).code === 'ECONNREFUSED') {
      const all = (e as { errors?: unknown[] }).errors;
      return !all || all.every((x) => (x as NodeJS.ErrnoException).code === 'ECONNREFUSED');
    }
  }
  return false;
}
