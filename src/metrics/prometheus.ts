import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { installMetricsSink, type MetricsSink } from './sink.js';

/** Every series name starts with this. */
export const METRIC_PREFIX = 'icarus_';

/** Operations last from milliseconds (flush of an empty table) to days (a large restore). */
const OPERATION_BUCKETS = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 12 * 3600, 48 * 3600];
/** Jolokia reads take a few ms; execs such as drain hold the request for minutes. */
const JOLOKIA_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 60, 600];

/** The process-wide instruments fed through the sink, and the registry that holds them. */
class ProcessMetrics implements MetricsSink {
  readonly registry = new Registry();
  private readonly jolokiaSeconds = new Histogram({
    name: `${METRIC_PREFIX}jolokia_request_duration_seconds`,
    help: 'Latency of POSTs to the Jolokia agent, by request kind and MBean group (the MBean type, never keyspace or table)',
    labelNames: ['kind', 'mbean_group'] as const,
    buckets: JOLOKIA_BUCKETS,
    registers: [this.registry],
  });
  private readonly jolokiaErrors = new Counter({
    name: `${METRIC_PREFIX}jolokia_errors_total`,
    help: 'Failed Jolokia calls, by request kind, MBean group and reason (unreachable, timeout, tls, auth, http, invalid_answer, mbean)',
    labelNames: ['kind', 'mbean_group', 'reason'] as const,
    registers: [this.registry],
  });
  private readonly bytes = new Counter({
    name: `${METRIC_PREFIX}storage_transferred_bytes_total`,
    help: 'Bytes uploaded to or downloaded from backup storage, by provider and direction (retried bytes count again)',
    labelNames: ['provider', 'direction'] as const,
    registers: [this.registry],
  });
  private readonly retries = new Counter({
    name: `${METRIC_PREFIX}storage_retries_total`,
    help: 'Storage calls tried again after a retryable failure, by provider',
    labelNames: ['provider'] as const,
    registers: [this.registry],
  });
  private readonly durations = new Histogram({
    name: `${METRIC_PREFIX}operation_duration_seconds`,
    help: 'Time from start to end of operations that ended in this process, by type and final state',
    labelNames: ['type', 'state'] as const,
    buckets: OPERATION_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // Series that exist before anything happened, so rate() and alerts see a 0 rather than nothing.
    for (const provider of ['s3', 'gcp', 'azure', 'file']) {
      this.retries.inc({ provider }, 0);
      for (const direction of ['upload', 'download']) this.bytes.inc({ provider, direction }, 0);
    }
  }

  jolokiaCall(kind: string, group: string, seconds: number, failure: string | null): void {
    this.jolokiaSeconds.observe({ kind, mbean_group: group }, seconds);
    if (failure) this.jolokiaErrors.inc({ kind, mbean_group: group, reason: failure });
  }

  jolokiaItemError(kind: string, group: string): void {
    this.jolokiaErrors.inc({ kind, mbean_group: group, reason: 'mbean' });
  }

  transferredBytes(provider: string, direction: string, bytes: number): void {
    this.bytes.inc({ provider, direction }, bytes);
  }

  storageRetry(provider: string): void {
    this.retries.inc({ provider });
  }

  operationFinished(type: string, state: string, seconds: number): void {
    this.durations.observe({ type, state }, seconds);
  }
}

let processMetrics: ProcessMetrics | undefined;

/**
 * The registry of process-wide metrics (default process metrics included), created and installed
 * as the sink on first use. One per process: several sidecars started in one test process share it.
 */
export function processMetricsRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new ProcessMetrics();
    installMetricsSink(processMetrics);
  }
  return processMetrics.registry;
}
