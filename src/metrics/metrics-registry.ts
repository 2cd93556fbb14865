import { Global, Injectable, Module } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { processMetricsRegistry } from './prometheus.js';

/**
 * This sidecar's /metrics: the process-wide series (fed through the sink) plus the series its own
 * components compute at scrape time (operations by state, queue depth), which they register in
 * `registry`. One per app, so two sidecars in one test process never mix their queues.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();

  constructor() {
    // Installs the Prometheus sink, so storage and Jolokia report from now on.
    processMetricsRegistry();
  }

  /**
   * A gauge whose samples `collect` computes at each scrape (from Redis, so they survive restarts).
   * Samples missing from one scrape disappear from it; a failing collect leaves the gauge empty.
   */
  scrapeGauge<L extends string>(spec: {
    name: string;
    help: string;
    labelNames: readonly L[];
    collect: () => Promise<Array<{ labels: Record<L, string>; value: number }>>;
  }): void {
    const { collect } = spec;
    new Gauge<L>({
      name: spec.name,
      help: spec.help,
      labelNames: spec.labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const sample of await collect().catch(() => [])) this.set(sample.labels as never, sample.value);
      },
    });
  }

  /**
   * A counter of this app, every combination in `initial` present at 0 from the start (so rate()
   * and alerts see 0 rather than nothing); returns the function that counts one.
   */
  counter<L extends string>(spec: { name: string; help: string; labelNames: readonly L[]; initial: Array<Record<L, string>> }): (labels: Record<L, string>) => void {
    const counter = new Counter<L>({ name: spec.name, help: spec.help, labelNames: spec.labelNames, registers: [this.registry] });
    for (const labels of spec.initial) counter.inc(labels as never, 0);
    return (labels) => counter.inc(labels as never);
  }

  /** The Prometheus text exposition of every series. */
  async render(): Promise<{ contentType: string; text: string }> {
    const merged = Registry.merge([processMetricsRegistry(), this.registry]);
    return { contentType: merged.contentType, text: await merged.metrics() };
  }
}

/** Provides the MetricsRegistry to every module. */
@Global()
@Module({ providers: [MetricsRegistry], exports: [MetricsRegistry] })
export class MetricsModule {}
