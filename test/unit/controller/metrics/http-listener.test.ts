// GET /metrics on the metrics listener: the registry's text exposition, only on that
// path and only for GET/HEAD; and the metrics section of the config.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Counter, Registry } from 'prom-client';
import { validateConfig } from '../../../../controller/config/load';
import { startMetricsListener, type MetricsListener } from '../../../../controller/metrics/http-listener';
import { createMetricsRegistry, renderMetrics } from '../../../../controller/metrics/registry';

const quietLog = { info: () => undefined, warn: () => undefined };

describe('metrics listener', () => {
  let listener: MetricsListener | undefined;
  afterEach(async () => {
    await listener?.close();
    listener = undefined;
  });

  it('serves the registry on GET /metrics with the Prometheus content type', async () => {
    const registry = new Registry();
    new Counter({ name: 'slr_test_things_total', help: 'things', registers: [registry] }).inc(3);
    const lines: object[] = [];
    listener = await startMetricsListener(registry, { host: '127.0.0.1', port: 0 }, { info: (o) => lines.push(o), warn: () => undefined });
    expect(listener.port).toBeGreaterThan(0);
    expect(lines).toEqual([{ host: '127.0.0.1', port: listener.port }]);
    const res = await fetch(`http://127.0.0.1:${listener.port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await res.text()).toContain('slr_test_things_total 3');
  });

  it('answers 404 off /metrics, 405 for other methods, 500 when a collector throws', async () => {
    const registry = new Registry();
    let broken = false;
    new Counter({
      name: 'slr_test_fragile_total', help: 'x', registers: [registry],
      collect() { if (broken) throw new Error('collector bug'); },
    });
    listener = await startMetricsListener(registry, { host: '127.0.0.1', port: 0 }, quietLog);
    const base = `http://127.0.0.1:${listener.port}`;
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
    broken = true;
    expect((await fetch(`${base}/metrics`)).status).toBe(500);
    broken = false;
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
  });

  it('renders default process metrics in a registry of its own, not the global one', async () => {
    const a = createMetricsRegistry();
    const b = createMetricsRegistry({ processMetrics: false });
    const rendered = await renderMetrics(a);
    expect(rendered.body).toContain('process_cpu_user_seconds_total');
    expect(rendered.body).toContain('nodejs_eventloop_lag_seconds');
    // Without process metrics only the build info is there: the version from package.json.
    const { version } = JSON.parse(readFileSync(path.join(__dirname, '../../../../package.json'), 'utf8')) as { version: string };
    expect((await renderMetrics(b)).body.trim().split('\n').filter((l) => !l.startsWith('#'))).toEqual([
      `slr_build_info{version="${version}",nodejs="${process.versions.node}"} 1`,
    ]);
  });
});

describe('metrics config section', () => {
  it('is off by default, on 127.0.0.1:9464 when enabled, and refuses typos and bad ports', () => {
    expect(validateConfig({}).metrics).toEqual({ enabled: false, host: '127.0.0.1', port: 9464 });
    expect(validateConfig({ metrics: { enabled: true, port: 0 } }).metrics).toEqual({ enabled: true, host: '127.0.0.1', port: 0 });
    expect(() => validateConfig({ metrics: { enabled: true, prot: 1 } })).toThrow(/prot/);
    expect(() => validateConfig({ metrics: { port: 70000 } })).toThrow(/port/);
  });
});
