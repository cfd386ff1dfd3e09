// REST API requests by route pattern and status. The route is fastify's pattern
// ("/v1/targets/:id"), never the raw URL: a label per URL would be unbounded.
import { Counter, Histogram, type Registry } from 'prom-client';

export interface RestMetrics {
  observe(route: string, method: string, status: number, seconds: number): void;
}

/** The bits of a fastify instance the hook needs (structural: no fastify import here). */
export interface OnResponseHookTarget {
  addHook(
    name: 'onResponse',
    hook: (
      request: { method: string; routeOptions?: { url?: string } },
      reply: { statusCode: number; elapsedTime: number },
    ) => Promise<void>,
  ): unknown;
}

/** Requests that matched no route share one label value. */
export const UNMATCHED_ROUTE = 'unmatched';

export class PromRestMetrics implements RestMetrics {
  private readonly requests: Counter<'route' | 'method' | 'status'>;
  private readonly duration: Histogram<'route' | 'method'>;

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'slr_http_requests_total',
      help: 'REST API requests answered, by route pattern, method and status code.',
      labelNames: ['route', 'method', 'status'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'slr_http_request_duration_seconds',
      help: 'REST API response time, by route pattern and method.',
      labelNames: ['route', 'method'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
  }

  observe(route: string, method: string, status: number, seconds: number): void {
    this.requests.inc({ route, method, status: String(status) });
    this.duration.observe({ route, method }, seconds);
  }

  /** Counts every response of a fastify app (call before its routes are registered). */
  instrument(app: OnResponseHookTarget): void {
    app.addHook('onResponse', async (request, reply) => {
      this.observe(request.routeOptions?.url ?? UNMATCHED_ROUTE, request.method, reply.statusCode, reply.elapsedTime / 1000);
    });
  }
}
