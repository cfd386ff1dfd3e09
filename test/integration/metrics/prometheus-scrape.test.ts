// A real Prometheus scrapes the in-process controller (forwarding app, one emulated
// switch over loopback TCP, and the REST API on the same metrics): the counters it
// stores agree with the packet-ins and requests the test sent, every panel of the
// overview and REST API dashboards returns data, every expression of every dashboard
// parses, and the example scrape config passes promtool.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_FORWARDING_CONFIG } from '../../../apps/forwarding/config';
import { ForwardingApp } from '../../../apps/forwarding/forwarding-app';
import { validateConfig } from '../../../controller/config/load';
import { silentLogger } from '../../../controller/logger';
import { ControllerMetrics } from '../../../controller/metrics';
import { type Runtime, startRuntime } from '../../../controller/runtime';
import type { OfMessage } from '../../../southbound/codec/types';
import { artifactDir, REPO_ROOT } from '../../support/artifacts';
import { FakeSwitch, fakePort } from '../../support/fake-switch';
import { type Harness, makeHarness, READ_TOKEN } from '../../unit/northbound-api/fixture';
import { dashboardQueries, emptyPanels, loadDashboards } from './support/dashboard-queries';
import { type PrometheusServer, startPrometheus } from './support/prometheus-server';

jest.setTimeout(90_000);

const DPID = '00000000000000ab';
const PACKET_INS = 25;
const JOB = 'slr-controller';

function broadcastFrom(i: number): OfMessage {
  const src = `0200000000${i.toString(16).padStart(2, '0')}`;
  const data = Buffer.from(`ffffffffffff${src}0800${'00'.repeat(46)}`, 'hex');
  return { type: 'PACKET_IN', xid: 0, bufferId: 0xffffffff, totalLen: data.length, reason: 0, tableId: 0, cookie: 0n, match: [{ field: 'in_port', value: 1 }], data };
}

describe('Prometheus scraping the controller (in-process, emulated switch)', () => {
  let runtime: Runtime;
  let prom: PrometheusServer;
  let sw: FakeSwitch;
  let api: Harness;
  let trafficDoneAt = 0;

  beforeAll(async () => {
    const config = validateConfig({ openflow: { port: 0 }, metrics: { enabled: true, port: 0 } });
    const metrics = new ControllerMetrics();
    runtime = await startRuntime({ config, log: silentLogger(), apps: [new ForwardingApp(DEFAULT_FORWARDING_CONFIG)], metrics });
    api = await makeHarness({ metrics: metrics.rest });
    const apiBase = await api.app.listen({ host: '127.0.0.1', port: 0 });
    for (const [path, token] of [['/v1/targets', READ_TOKEN], ['/v1/targets/srv1', READ_TOKEN], ['/v1/targets/srv2', READ_TOKEN], ['/v1/targets', undefined]] as const) {
      await (await fetch(apiBase + path, { headers: token ? { authorization: `Bearer ${token}` } : {} })).text();
    }
    prom = await startPrometheus({ targets: [{ job: JOB, address: `127.0.0.1:${runtime.metricsAddress!.port}` }], dir: artifactDir('metrics-prometheus') });
    sw = await FakeSwitch.connect(runtime.address.port, { datapathId: 0xabn, ports: [fakePort(1), fakePort(2)] });
    await sw.waitFor((m) => m.type === 'FLOW_MOD');
    for (let i = 0; i < PACKET_INS; i++) sw.send(broadcastFrom(i));
    await sw.waitFor(() => sw.received.filter((m) => m.type === 'PACKET_OUT').length === PACKET_INS, 10_000).catch(() => undefined);
    trafficDoneAt = Date.now();
    // Two scrape rounds after the traffic, so rate() windows hold it.
    await prom.waitForScrapes(trafficDoneAt);
    await new Promise((r) => setTimeout(r, 2500));
    await prom.waitForScrapes(Date.now());
  });

  afterAll(async () => {
    sw?.close();
    await api?.app.close();
    api?.services.close();
    await prom?.stop();
    await runtime?.stop();
  });

  it('stores counters that agree with what the switch sent and got', async () => {
    expect(sw.received.filter((m) => m.type === 'PACKET_OUT')).toHaveLength(PACKET_INS);
    expect(await prom.value(`slr_packet_ins_total{job="${JOB}",dpid="${DPID}",reason="no_match"}`)).toBe(PACKET_INS);
    expect(await prom.value(`slr_openflow_messages_received_total{job="${JOB}",dpid="${DPID}",type="PACKET_IN"}`)).toBe(PACKET_INS);
    expect(await prom.value(`slr_openflow_messages_sent_total{job="${JOB}",dpid="${DPID}",type="PACKET_OUT"}`)).toBe(PACKET_INS);
    expect(await prom.value(`slr_packet_ins_dispatched_total{job="${JOB}"}`)).toBe(PACKET_INS);
    expect(await prom.value(`slr_switches_connected{job="${JOB}"}`)).toBe(1);
    expect(await prom.value(`slr_switch_connections_total{job="${JOB}",dpid="${DPID}"}`)).toBe(1);
    expect(await prom.value(`up{job="${JOB}"}`)).toBe(1);
    expect(await prom.value(`slr_http_requests_total{job="${JOB}",route="/v1/targets/:id",method="GET",status="200"}`)).toBe(2);
    expect(await prom.value(`slr_http_requests_total{job="${JOB}",route="/v1/targets",method="GET",status="401"}`)).toBe(1);
  });

  it('returns data for every panel of the overview and REST API dashboards', async () => {
    const dashboards = loadDashboards();
    const queries = [
      ...dashboardQueries(dashboards.get('slr-overview')!, 'slr-overview'),
      ...dashboardQueries(dashboards.get('slr-api')!, 'slr-api'),
    ];
    expect(queries.length).toBeGreaterThan(18);
    expect(await emptyPanels(queries, (e) => prom.vector(e))).toEqual([]);
  });

  it('reports the panels that have no data (here: the service view, no service-routing app runs)', async () => {
    const services = loadDashboards().get('slr-services')!;
    const empty = await emptyPanels(dashboardQueries(services, 'slr-services'), (e) => prom.vector(e));
    expect(empty.some((line) => line.startsWith('slr-services / New connections /s by VIP [A]: no data'))).toBe(true);
    expect(empty.some((line) => line.startsWith('slr-services / Load index by target [A]: no data'))).toBe(true);
  });

  it('evaluates every alert rule expression against the live series without error', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const yaml = require('js-yaml') as { load(text: string): unknown };
    const file = yaml.load(readFileSync(path.join(REPO_ROOT, 'dashboards', 'prometheus', 'slr-alerts.yml'), 'utf8')) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> };
    const rules = file.groups.flatMap((g) => g.rules);
    expect(rules.length).toBeGreaterThanOrEqual(10);
    const failures: string[] = [];
    for (const r of rules) await prom.query(r.expr).catch((err: Error) => failures.push(`${r.alert}: ${err.message}`));
    expect(failures).toEqual([]);
    // A healthy controller with a connected switch fires none of the controller alerts.
    const firing = [];
    for (const r of rules) if ((await prom.vector(r.expr)).some((s) => s.metric.job === JOB)) firing.push(r.alert);
    expect(firing).toEqual([]);
  });

  it('has dashboards whose every expression Prometheus accepts', async () => {
    const dashboards = loadDashboards();
    expect([...dashboards.keys()]).toEqual(['slr-api', 'slr-overview', 'slr-services']);
    const failures: string[] = [];
    for (const [name, d] of dashboards) {
      for (const q of dashboardQueries(d, name)) {
        await prom.query(q.expr).catch((err: Error) => failures.push(`${name} / ${q.panel}: ${err.message}`));
      }
    }
    expect(failures).toEqual([]);
  });

  it('ships an example scrape config that promtool accepts', () => {
    const file = path.join(REPO_ROOT, 'dashboards', 'prometheus', 'prometheus.yml');
    const out = execFileSync('promtool', ['check', 'config', file], { encoding: 'utf8' });
    expect(out).toMatch(/SUCCESS/);
  });
});
