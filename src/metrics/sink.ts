/*
 * What the lower layers (storage, cassandra) and the engine report for /metrics, through one tiny
 * interface. Storage providers and the Jolokia client are built outside Nest's container (free
 * functions, the `icarus esop` CLI), so they reach the metrics through this module instead of an
 * injected registry. Until the server installs its Prometheus sink, every call is a no-op: the CLI
 * never loads prom-client.
 *
 * Every label value must come from a fixed set (the unions below, operation type ids, MBean
 * `type=` names written in our code): never ids, paths, keyspaces or tables.
 */

/** Kinds of Jolokia requests; `bulk` when one POST mixes kinds. */
export type JolokiaKind = 'read' | 'write' | 'exec' | 'search' | 'list' | 'version' | 'bulk';

/** Why a Jolokia call failed; `mbean` means the agent answered but the MBean call itself failed. */
export type JolokiaFailure = 'unreachable' | 'timeout' | 'tls' | 'auth' | 'http' | 'invalid_answer' | 'mbean' | 'other';

export type TransferDirection = 'upload' | 'download';

/** Storage providers, as the location's scheme names them. */
export type StorageProviderLabel = 's3' | 'gcp' | 'azure' | 'file';

/** Final states of an operation (Icarus §1.3). */
export type FinalState = 'COMPLETED' | 'FAILED' | 'CANCELLED';

export interface MetricsSink {
  /** One POST to the agent: its latency, and the failure when it failed (not for cancelled calls). */
  jolokiaCall(kind: JolokiaKind, group: string, seconds: number, failure: JolokiaFailure | null): void;
  /** One item of a bulk POST that the agent answered with an error status. */
  jolokiaItemError(kind: JolokiaKind, group: string): void;
  /** Bytes moved to (upload) or from (download) a store, counted as they pass. */
  transferredBytes(provider: StorageProviderLabel, direction: TransferDirection, bytes: number): void;
  /** A storage call failed and is about to be tried again. */
  storageRetry(provider: StorageProviderLabel): void;
  /** An operation ended in this process after running `seconds` (start to completion). */
  operationFinished(type: string, state: FinalState, seconds: number): void;
}

const NOOP: MetricsSink = {
  jolokiaCall: () => undefined,
  jolokiaItemError: () => undefined,
  transferredBytes: () => undefined,
  storageRetry: () => undefined,
  operationFinished: () => undefined,
};

let installed: MetricsSink = NOOP;

/** Routes every report to `sink` from now on (the server does it once, at start). */
export function installMetricsSink(sink: MetricsSink): void {
  installed = sink;
}

/** The reporting side: call sites use this object; it forwards to whatever sink is installed. */
export const metrics: MetricsSink = {
  jolokiaCall: (kind, group, seconds, failure) => installed.jolokiaCall(kind, group, seconds, failure),
  jolokiaItemError: (kind, group) => installed.jolokiaItemError(kind, group),
  transferredBytes: (provider, direction, bytes) => {
    if (bytes > 0) installed.transferredBytes(provider, direction, bytes);
  },
  storageRetry: (provider) => installed.storageRetry(provider),
  operationFinished: (type, state, seconds) => installed.operationFinished(type, state, Math.max(0, seconds)),
};
