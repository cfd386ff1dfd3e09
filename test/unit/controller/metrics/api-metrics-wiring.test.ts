// The REST API counts its responses into the process metrics when given them:
// route patterns, never raw URLs, and the status each request got.
import { ControllerMetrics } from '../../../../controller/metrics';
import { makeHarness, READ_TOKEN } from '../../northbound-api/fixture';
import { seriesValue } from './metric-values';

describe('northbound API with metrics', () => {
  it('counts requests by route pattern, method and status', async () => {
    const metrics = new ControllerMetrics({ processMetrics: false });
    const h = await makeHarness({ metrics: metrics.rest });
    try {
      const base = await h.app.listen({ host: '127.0.0.1', port: 0 });
      const get = (path: string, token?: string): Promise<Response> =>
        fetch(base + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      expect((await get('/v1/targets/srv1', READ_TOKEN)).status).toBe(200);
      expect((await get('/v1/targets/srv2', READ_TOKEN)).status).toBe(200);
      expect((await get('/v1/targets/srv1')).status).toBe(401);
      expect((await get('/v1/no-such-thing', READ_TOKEN)).status).toBe(404);
    } finally {
      await h.app.close();
      h.services.close();
    }
    const r = metrics.registry;
    expect(await seriesValue(r, 'slr_http_requests_total', { route: '/v1/targets/:id', method: 'GET', status: '200' })).toBe(2);
    expect(await seriesValue(r, 'slr_http_requests_total', { route: '/v1/targets/:id', method: 'GET', status: '401' })).toBe(1);
    expect(await seriesValue(r, 'slr_http_requests_total', { route: 'unmatched', method: 'GET', status: '404' })).toBe(1);
  });
});
