// A real Prometheus scrapes the slr controller (forwarding app) every second while
// Open vSwitch switches in Mininet carry a pingall and an HTTP fetch. The counters agree
// with what the test did: a burst of frames to an unknown MAC adds one packet-in per
// switch per frame, and a switch cut off from its controller and reconnected adds one
// disconnection and one connection. Every panel of the overview dashboard returns data
// through Prometheus's query API.
import { forwardingTestConfig, hasTableMiss, isForwardingTableMiss } from '../../support/forwarding-expect';
import { startE2eNetwork, type E2eNetwork } from '../../support/e2e-network';
import { dumpAll, normDpid, waitForTables } from '../../support/switch-checks';
import { httpStatus, startHttpServer } from '../../support/traffic';
import { dashboardQueries, emptyPanels, loadDashboards } from '../../integration/metrics/support/dashboard-queries';
import { type PrometheusServer, startPrometheus } from '../../integration/metrics/support/prometheus-server';

const TOPOLOGY = 'topologies/linear3.json';
const JOB = 'slr-controller';

describe('Prometheus and the overview dashboard on linear3 (real OVS, real Prometheus)', () => {
  let env: E2eNetwork;
  let prom: PrometheusServer;

  beforeAll(async () => {
    const config = { ...forwardingTestConfig(), metrics: { enabled: true, host: '127.0.0.1', port: 0 } };
    env = await startE2eNetwork({ name: 'metrics-linear3', topology: TOPOLOGY, controllerConfig: config });
    const listening = await env.controller.waitForLog((r) => r.msg === 'metrics listening');
    prom = await startPrometheus({ targets: [{ job: JOB, address: `127.0.0.1:${listening.port as number}` }], dir: env.dir });
    await env.net.waitConnected(30);
    await waitForTables(env.net, hasTableMiss, 'the forwarding table-miss flow');
    const ping = await env.net.pingAll({ count: 1, timeoutS: 3 });
    expect(ping.loss).toBe(0);
    const server = await startHttpServer(env.net, 'h5');
    try {
      expect(await httpStatus(env.net, 'h1', server.url)).toBe('200');
    } finally {
      await env.net.kill(server.pid);
    }
  });

  afterAll(async () => {
    await prom?.stop();
    await env?.stop();
  });

  it('counts one packet-in per switch for each frame of a burst to an unknown MAC', async () => {
    // Each frame from h1 to a MAC nobody has is flooded along the line, so every switch
    // sends it to the controller exactly once. The hosts run without IPv6 (the Mininet
    // builder turns it off: neighbour discovery, MLD and router solicitations were
    // packet-ins at every switch, up to +107 in one run); the only background left is an
    // occasional ARP, which only ever adds, so the increase must lie in [BURST, BURST + SLACK].
    const BURST = 100;
    const SLACK = 6;
    const byDpid = async (): Promise<Record<string, number>> => {
      const out: Record<string, number> = {};
      for (const s of await prom.vector(`sum by (dpid) (slr_packet_ins_total{job="${JOB}"})`)) out[s.metric.dpid!] = Number(s.value[1]);
      return out;
    };
    await prom.waitForScrapes(Date.now());
    const before = await byDpid();
    const h1 = env.net.info.hosts.h1!;
    const send = [
      'import os, socket, time',
      "i = [n for n in os.listdir('/sys/class/net') if n != 'lo'][0]",
      's = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)',
      's.bind((i, 0))',
      `f = bytes.fromhex('02deadbeef01${(h1.mac ?? '00:00:00:00:00:01').replace(/:/g, '')}88b5') + bytes(46)`,
      `for _ in range(${BURST}):`,
      '    s.send(f)',
      '    time.sleep(0.004)',
    ].join('\n');
    const res = await env.net.cmd('h1', `/usr/bin/python3 -c "$(printf '${send.replace(/'/g, "'\\''")}')"`);
    expect(res.ok).toBe(true);
    const expected = Object.values(env.net.info.switches).map((s) => normDpid(s.dpid)).sort();
    // The last frames may still be on their way through the line: scrape until each
    // switch's share arrived (or 10 s passed), then check the range.
    let after: Record<string, number> = {};
    for (const until = Date.now() + 10_000; Date.now() < until;) {
      await prom.waitForScrapes(Date.now());
      after = await byDpid();
      if (expected.every((d) => (after[d] ?? 0) - (before[d] ?? 0) >= BURST)) break;
    }
    expect(Object.keys(after).sort()).toEqual(expected);
    const deltas = expected.map((dpid) => `${dpid}: +${after[dpid]! - (before[dpid] ?? 0)}`);
    const outside = deltas.filter((_, i) => {
      const d = after[expected[i]!]! - (before[expected[i]!] ?? 0);
      return d < BURST || d > BURST + SLACK;
    });
    expect({ outside, sender: res.output.trim() }).toEqual({ outside: [], sender: '' });
    // And never fewer than the switches' own table-miss counters say they sent.
    const tables = await dumpAll(env.net);
    for (const [name, flows] of Object.entries(tables)) {
      const sent = flows.filter(isForwardingTableMiss).reduce((n, f) => n + f.nPackets, 0);
      expect(after[normDpid(env.net.info.switches[name]!.dpid)]).toBeGreaterThanOrEqual(sent - SLACK);
    }
  });

  it('sees three switches, each connected once, and no OpenFlow errors', async () => {
    expect(await prom.value(`slr_switches_connected{job="${JOB}"}`)).toBe(3);
    const conns = await prom.vector(`slr_switch_connections_total{job="${JOB}"}`);
    expect(conns.map((s) => [s.metric.dpid, s.value[1]]).sort()).toEqual(
      Object.values(env.net.info.switches).map((s) => [normDpid(s.dpid), '1']).sort());
    expect(await prom.value(`sum(slr_switch_disconnections_total{job="${JOB}"})`)).toBe(0);
    expect(await prom.vector(`slr_openflow_errors_received_total{job="${JOB}"}`)).toEqual([]);
    expect(await prom.value(`sum(slr_reconciliations_total{job="${JOB}"})`)).toBe(3);
  });

  it('counts a switch that loses its controller and reconnects: one disconnection, a second connection', async () => {
    const s2 = normDpid(env.net.info.switches.s2!.dpid);
    const series = (name: string): string => `${name}{job="${JOB}",dpid="${s2}"}`;
    const until = async (expr: string, want: number): Promise<void> => {
      const deadline = Date.now() + 20_000;
      while ((await prom.value(expr)) !== want) {
        if (Date.now() > deadline) throw new Error(`${expr} never became ${want} (now ${await prom.value(expr)})`);
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    await env.net.delController('s2');
    await until(series('slr_switch_disconnections_total'), 1);
    await until(`slr_switches_connected{job="${JOB}"}`, 2);
    await env.net.setController('s2');
    await until(series('slr_switch_connections_total'), 2);
    await until(`slr_switches_connected{job="${JOB}"}`, 3);
    // The other switches never dropped.
    expect(await prom.value(`sum(slr_switch_disconnections_total{job="${JOB}"})`)).toBe(1);
    // Counts of the first connection survive the reconnect (per-datapath totals).
    expect(await prom.value(`sum(slr_packet_ins_total{job="${JOB}",dpid="${s2}"})`)).toBeGreaterThanOrEqual(100);
  });

  it('returns data for every panel of the overview dashboard', async () => {
    await prom.waitForScrapes(Date.now());
    const queries = dashboardQueries(loadDashboards().get('slr-overview')!, 'slr-overview', '1m');
    expect(await emptyPanels(queries, (e) => prom.vector(e))).toEqual([]);
  });
});
