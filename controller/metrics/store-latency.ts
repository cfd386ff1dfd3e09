// Latency of store backend operations (Redis round trips), observed by the store.
// Operations are a small fixed vocabulary chosen by the store ("pin_batch",
// "load_write", "reload"), never keys.
import { Histogram, type Registry } from 'prom-client';

export interface StoreLatencyMetrics {
  observe(operation: string, seconds: number): void;
}

export class PromStoreLatency implements StoreLatencyMetrics {
  private readonly histogram: Histogram<'operation'>;
  private readonly bound = new Map<string, { observe(v: number): void }>();

  constructor(registry: Registry) {
    this.histogram = new Histogram({
      name: 'slr_store_operation_duration_seconds',
      help: 'Round-trip time of store backend operations (Redis), by operation.',
      labelNames: ['operation'],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
      registers: [registry],
    });
  }

  observe(operation: string, seconds: number): void {
    let child = this.bound.get(operation);
    if (child === undefined) {
      child = this.histogram.labels(operation);
      this.bound.set(operation, child);
    }
    child.observe(seconds);
  }
}

export const NO_STORE_LATENCY: StoreLatencyMetrics = { observe: () => undefined };
