// REST requests counted by route pattern (never the raw URL), method and status, on a
// real fastify instance.
import Fastify from 'fastify';
import { Registry } from 'prom-client';
import { PromRestMetrics } from '../../../../controller/metrics/rest-metrics';
import { seriesLines } from './metric-values';

describe('REST metrics', () => {
  it('labels each response with its route pattern, method and status; unknown routes share one label', async () => {
    const registry = new Registry();
    const rest = new PromRestMetrics(registry);
    const app = Fastify();
    rest.instrument(app);
    app.get('/v1/targets/:id', async (req, reply) => {
      const { id } = req.params as { id: string };
      if (id === 'missing') return reply.code(404).send({ error: 'no such target' });
      return { id };
    });
    // Over a real socket: light-my-request's inject does not load under this jest set-up.
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      for (const path of ['/v1/targets/s1', '/v1/targets/s2?x=1', '/v1/targets/missing', '/nowhere/123']) {
        await (await fetch(base + path)).text();
      }
    } finally {
      await app.close();
    }
    expect(await seriesLines(registry, 'slr_http_requests_total')).toEqual([
      '{"method":"GET","route":"/v1/targets/:id","status":"200"} 2',
      '{"method":"GET","route":"/v1/targets/:id","status":"404"} 1',
      '{"method":"GET","route":"unmatched","status":"404"} 1',
    ]);
    const text = await registry.getSingleMetricAsString('slr_http_request_duration_seconds');
    expect(text).toContain('slr_http_request_duration_seconds_count{route="/v1/targets/:id",method="GET"} 3');
  });
});
