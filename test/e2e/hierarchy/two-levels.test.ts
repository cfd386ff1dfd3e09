// Two SLR levels on real Open vSwitch (topologies/hierarchy2.json): a system SLR at the
// AS border (process "as") chooses one of two host sites by their aggregated load and
// tunnels the first packet there on the site's MPLS label; each site SLR (processes
// "sitea", "siteb") chooses one of its three servers. Real agents, HTTP servers, Redis;
// the operator API on every process. Distribution follows aggregated load, a dead site
// is left within seconds, a long transfer survives policy changes at both levels, and
// bad peers and packets are refused.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import { createRegistrationClient, type RegistrationApi } from '../../../peering/registration-client';
import { runCtl } from '../../../northbound-api/client/run-ctl';
import { HIERARCHY2 } from '../../support/hierarchy-config';
import { metricValue, startHierarchy, type Hierarchy } from '../../support/hierarchy-harness';
import { parseFlows } from '../../support/flow-table';
import { readJsonLines, sleep, waitUntil } from '../../support/site-logs';
import { curl, fetchMany } from '../../support/site-traffic';
import { TESTBED_SERVERS } from '../../support/site-config';

const VIP = '10.0.0.100';
const TOKEN = 'e2e-hierarchy-token-0123456789';
const REPORT_MS = 500;
const api = { api: { host: '127.0.0.1', port: 0, tokens: [{ token: TOKEN, role: 'write', name: 'e2e' }] } };
const POLICIES = { 'least-load': { type: 'least-load' }, byweight: { type: 'weighted' } };
let h: Hierarchy;
const apiUrls = new Map<string, string>();

beforeAll(async () => {
  h = await startHierarchy({
    name: 'hierarchy2',
    topology: HIERARCHY2,
    reportIntervalMs: REPORT_MS,
    policies: { as: POLICIES, sitea: POLICIES, siteb: POLICIES },
    extra: { as: api, sitea: api, siteb: api },
  });
  for (const p of ['as', 'sitea', 'siteb']) {
    const listening = await h.processes.get(p)!.waitForLog((r) => r.msg === 'API listening', 15_000);
    apiUrls.set(p, `http://127.0.0.1:${String(listening.port)}`);
  }
  await h.warmL2();
}, 240_000);

afterAll(async () => {
  await h?.stop();
}, 60_000);

async function ctl(processName: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCtl(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env: { SLR_API_URL: apiUrls.get(processName)!, SLR_TOKEN: TOKEN } });
  return { code, stdout, stderr };
}

const siteOf = (server: string): string => h.layout.servers.find((s) => s.id === server)!.site;
const serversOf = (site: string): string[] => h.layout.servers.filter((s) => s.site === site).map((s) => s.id);

function bySite(byServer: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [s, n] of Object.entries(byServer)) out[siteOf(s)] = (out[siteOf(s)] ?? 0) + n;
  return out;
}

/** The system SLR's load index for a site and the VIP, or undefined when the site does not offer it. */
async function siteLoad(site: string): Promise<number | undefined> {
  return (await h.loadRows('as')).find((r) => r.target === site && r.subnet === `${VIP}/32`)?.load;
}

/** Reported load per site as the system SLR's decision table holds it now (POST /v1/simulate). */
async function decisionLoads(): Promise<Map<string, number | null>> {
  const r = await ctl('as', '--json', 'simulate', '--client', '10.1.0.1:40000', '--vip', `${VIP}:80`);
  const body = JSON.parse(r.stdout) as { candidates: Array<{ targetId: string; reportedLoad: number | null }> };
  return new Map(body.candidates.map((c) => [c.targetId, c.reportedLoad]));
}

function controllerLines(processName: string, re: RegExp): Array<Record<string, unknown>> {
  return h.processes.get(processName)!.records.filter((r) => typeof r.msg === 'string' && re.test(r.msg));
}

describe('a system SLR over two site SLRs', () => {
  it('answers curls from both clients to the VIP and into the virtual subnet, from the VIP address', async () => {
    for (const c of h.layout.clients) {
      for (const dst of [VIP, '192.200.3.4']) {
        const r = await curl(h.net, c.id, `http://${dst}/`);
        expect({ client: c.id, dst, code: r.code, remoteIp: r.remoteIp }).toEqual({ client: c.id, dst, code: '200', remoteIp: dst });
        expect(h.layout.servers.map((s) => s.id)).toContain(r.servedBy);
      }
    }
  });

  it('keeps the long transfer of one connection whole while the policy changes at both levels', async () => {
    const slow = await h.net.bg('c1', `curl -s -o /dev/null -w 'CODE %{http_code} SIZE %{size_download}\\n' --max-time 60 'http://${VIP}/slow?bytes=2000000&rate=250000'`);
    await waitUntil('the slow transfer to start', () => [...h.httpLogs.values()].some((log) => readJsonLines(log).some((r) => r.event === 'slow-start')), 15_000);
    const web = JSON.parse((await ctl('as', '--json', 'services', 'get', 'web')).stdout) as { prefix: string; ports: number[]; targets: string[] };
    for (const [p, policy] of [['as', 'byweight'], ['sitea', 'byweight'], ['siteb', 'byweight'], ['as', 'least-load'], ['sitea', 'least-load'], ['siteb', 'least-load']] as const) {
      const targets = p === 'as' ? web.targets : serversOf(p);
      const r = await ctl(p, 'services', 'replace', 'web', '--prefix', web.prefix, '--protocol', 'tcp', '--ports', web.ports.join(','), '--targets', targets.join(','), '--policy', policy);
      expect({ p, policy, code: r.code, err: r.stderr }).toEqual({ p, policy, code: 0, err: '' });
      // New connections keep working under each policy in force.
      expect((await curl(h.net, 'c2', `http://${VIP}/`)).code).toBe('200');
      await sleep(300);
    }
    await waitUntil('the slow transfer to finish', async () => !(await h.net.bgStatus(slow.pid)).running, 30_000);
    expect(readFileSync((await h.net.bgStatus(slow.pid)).log, 'utf8')).toContain('CODE 200 SIZE 2000000');
  }, 90_000);

  it('follows aggregated load: a loaded site gets no new connections once its load reaches the system SLR', async () => {
    const spread = await fetchMany(h.net, 'c1', `http://${VIP}/`, { count: 40, concurrency: 4 });
    expect(spread.succeeded).toBe(40);
    expect(Object.keys(bySite(spread.byServer)).sort()).toEqual(['sitea', 'siteb']);
    // Twenty-five held connections on each server of site a: each one fully loaded by connections.
    const holders = await Promise.all(serversOf('sitea').map((s) => h.net.bg(s, `exec /usr/bin/python3 ${path.join(TESTBED_SERVERS, 'hold_connections.py')} --target ${VIP}:80 --count 25`)));
    try {
      const loadedAt = Date.now();
      // The wait is on the system SLR's decision table (what decides), not its store: the
      // table folds reports in once per tableUpdateIntervalMs. And it waits for every held
      // connection to be counted (each server: 0.5 x 25/20 at least), not for the first
      // report of a partly loaded site, whose lead a burst's per-connection increments
      // (0.01 each) and site b's own reports would soon erase.
      const fullyLoaded = (0.5 * 25) / 20;
      await waitUntil('site a\'s full aggregated load to reach the system SLR\'s decision table', async () => {
        const loads = await decisionLoads();
        return (loads.get('sitea') ?? 0) >= fullyLoaded && (loads.get('siteb') ?? 1) < 0.3;
      }, 15_000, 100);
      process.stdout.write(`hierarchy2: site a's load reached the system SLR ${Date.now() - loadedAt} ms after its servers were loaded (agent and site report every ${REPORT_MS} ms)\n`);
      // Fresh client ports: c2's earlier connections left pins (60 s idle timeout) that a
      // reused port would ride to their site, decided before site a was loaded.
      const shifted = await fetchMany(h.net, 'c2', `http://${VIP}/`, { count: 30, concurrency: 3, sourcePortBase: 21000 });
      expect(shifted.succeeded).toBe(30);
      expect(bySite(shifted.byServer)).toEqual({ siteb: 30 });
    } finally {
      for (const holder of holders) await h.net.kill(holder.pid);
    }
    await waitUntil('site a to be light again', async () => ((await siteLoad('sitea')) ?? 1) < 0.3, 15_000, 100);
  }, 90_000);

  it('leaves a site whose servers all died within seconds: the site withdraws the VIP and new connections all succeed elsewhere', async () => {
    const killedAt = Date.now();
    for (const s of serversOf('siteb')) {
      await h.stopAgent(s, 'KILL');
      await h.stopHttp(s);
    }
    await waitUntil('the system SLR to stop counting site b', async () => (await siteLoad('siteb')) === undefined, 10_000, 100);
    process.stdout.write(`hierarchy2: site b out of the system SLR's table ${Date.now() - killedAt} ms after its servers died\n`);
    const after = await fetchMany(h.net, 'c1', `http://${VIP}/`, { count: 50, concurrency: 4 });
    expect(after.errors).toEqual({});
    expect(after.succeeded).toBe(50);
    expect(bySite(after.byServer)).toEqual({ sitea: 50 });
    const siteMetrics = await h.metrics('sitea');
    expect(metricValue(siteMetrics, 'slr_level_packet_ins_total', { level: 'sitea', outcome: 'no_target' })).toBe(0);
  }, 60_000);
});

describe('bad peers and packets at the system SLR', () => {
  const clients: RegistrationApi[] = [];
  afterAll(() => {
    for (const c of clients) c.close();
  });

  function client(certName?: string): RegistrationApi {
    const dir = h.options.certDir;
    const c = createRegistrationClient({
      address: `unix:${path.join(h.options.socketDir, 'as.sock')}`,
      ca: readFileSync(path.join(dir, 'ca.crt')),
      cert: certName === undefined ? undefined : readFileSync(path.join(dir, `${certName}.crt`)),
      key: certName === undefined ? undefined : readFileSync(path.join(dir, `${certName}.key`)),
      callTimeoutMs: 3000,
    });
    clients.push(c);
    return c;
  }

  const hello = (pem: string, subnets = [{ subnet: `${VIP}/32`, ports: [80] }]) => ({
    id: 'sitea', certificatePem: pem, kind: 'site', attachment: { ip: '', mac: '', mplsLabel: 2001 }, subnets, version: 'e2e',
  });

  async function refusal(p: Promise<unknown>): Promise<{ code: number; details: string }> {
    try {
      await p;
    } catch (err) {
      return err as { code: number; details: string };
    }
    throw new Error('the call was not refused');
  }

  it('refuses a site SLR with no certificate, and one whose certificate comes from another CA, with a log line each', async () => {
    const before = controllerLines('as', /peer refused at TLS handshake/).length;
    expect((await refusal(client().hello(hello('')))).code).toBe(status.UNAVAILABLE);
    const other = readFileSync(path.join(h.options.certDir, 'other-sitea.crt'), 'utf8');
    expect((await refusal(client('other-sitea').hello(hello(other)))).code).toBe(status.UNAVAILABLE);
    await waitUntil('two TLS refusal log lines', () => controllerLines('as', /peer refused at TLS handshake/).length >= before + 2, 5000);
    // The real site a is still the one registered (its last registration is its own).
    expect(controllerLines('as', /^peer registered$/).filter((r) => r.id === 'sitea').every((r) => r.label === 2001)).toBe(true);
  });

  it('drops a frame with an unknown MPLS label at the first switch and counts it there', async () => {
    const drops = async (): Promise<number> => parseFlows(await h.net.dumpFlows('s1')).filter((f) => f.table === 2 && f.priority === 0).reduce((n, f) => n + f.nPackets, 0);
    const before = await drops();
    const send = [
      'import socket, struct',
      's = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)',
      `s.bind(("${h.net.info.hosts.c1!.node}-eth0", 0))`,
      'eth = bytes.fromhex("020000000001") + bytes.fromhex("000000000101") + b"\\x88\\x47"',
      'lse = struct.pack("!I", (99999 << 12) | (1 << 8) | 64)',
      'ip = bytes.fromhex("4500001c00010000401100000a0001010a000064") + bytes(8)',
      'for _ in range(3): s.send(eth + lse + ip)',
    ].join('\n');
    const r = await h.net.cmd('c1', `/usr/bin/python3 -c '${send}'`);
    expect(r.exit).toBe(0);
    await waitUntil('the unknown-label drop counter to count three frames', async () => (await drops()) >= before + 3, 5000);
  });

  it('refuses an aggregation report for a subnet the site is not configured to offer, naming it in the log', async () => {
    const pem = readFileSync(path.join(h.options.certDir, 'sitea.crt'), 'utf8');
    const c = client('sitea');
    expect((await refusal(c.hello(hello(pem, [{ subnet: '10.99.0.0/16', ports: [80] }])))).code).toBe(status.PERMISSION_DENIED);
    const { sessionId } = await c.hello(hello(pem));
    const err = await refusal(c.report({ id: 'sitea', sessionId, seq: 1, measuredAtMs: Date.now(), rttMs: 0, loads: [{ subnet: '10.99.0.0/16', load: 0, connections: 0, cpu: 0 }] }));
    expect(err.code).toBe(status.PERMISSION_DENIED);
    expect(err.details).toBe("site 'sitea' is not configured to serve 10.99.0.0/16");
    await waitUntil('the refusal log line', () => controllerLines('as', /peer refused: site 'sitea' is not configured to serve 10\.99\.0\.0\/16/).some((r) => r.rpc === 'Report'), 5000);
    // The real site a registers again on its next report and keeps serving.
    await waitUntil('site a back in the system SLR\'s table', async () => (await siteLoad('sitea')) !== undefined, 10_000, 100);
    expect((await curl(h.net, 'c2', `http://${VIP}/`)).code).toBe('200');
  });
});
