// A metrics registry of our own (never prom-client's global one, so two controllers in
// one test process, or an agent beside a controller, never share series) and the one
// function that renders it for GET /metrics, used by our listener and by the REST API.
import { collectDefaultMetrics, Registry } from 'prom-client';

export interface RenderedMetrics {
  contentType: string;
  body: string;
}

/** A fresh registry with the default process metrics (CPU, memory, event loop, GC). */
export function createMetricsRegistry(opts: { processMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  if (opts.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  return registry;
}

/** The Prometheus text exposition of everything in `registry`. */
export async function renderMetrics(registry: Registry): Promise<RenderedMetrics> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
