// A metrics registry of our own (never prom-client's global one, so two controllers in
// one test process, or an agent beside a controller, never share series) and the one
// function that renders it for GET /metrics, used by our listener and by the REST API.
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { slrVersion } from '../version';

export interface RenderedMetrics {
  contentType: string;
  body: string;
}

/**
 * A fresh registry with slr_build_info and the default process metrics (CPU, memory,
 * event loop, GC). Build info is the usual constant-1 gauge whose labels say which
 * build runs, so dashboards and alerts can join on it and an upgrade shows as a change.
 */
export function createMetricsRegistry(opts: { processMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  new Gauge({
    name: 'slr_build_info', help: 'The slr build this process runs (always 1).', labelNames: ['version', 'nodejs'], registers: [registry],
  }).set({ version: slrVersion(), nodejs: process.versions.node }, 1);
  if (opts.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  return registry;
}

/** The Prometheus text exposition of everything in `registry`. */
export async function renderMetrics(registry: Registry): Promise<RenderedMetrics> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
