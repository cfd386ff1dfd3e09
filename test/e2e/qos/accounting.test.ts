// Accounting per VIP (issue 12 item 2) against what the clients really transferred:
// curl downloads of known sizes from a VIP and from an address of a virtual subnet, and
// UDP echo flows of known sizes. Each client's own interface counters (frames it sent
// and received, as the switches count them: Ethernet bytes without the FCS) are the
// reference; GET /v1/services/{id}/usage and the Prometheus counters must agree with
// them after every connection's flow has ended (short idle timeouts: all counted through
// FLOW_REMOVED and the reply-counting flows, nothing left live).
import { siteApi, siteApiSection, type SiteApi } from '../../support/site-api';
import { startSite, type Site } from '../../support/site-harness';
import type { SiteService } from '../../support/site-config';
import { servedRequests, sleep, waitUntil } from '../../support/site-logs';
import { controllerMetrics } from '../../support/site-traffic';
import { udpFlows } from '../../support/site-udp';
import path from 'node:path';

const WEB = '10.0.0.100';
const SUBNET_ADDR = '192.200.1.1';
const ECHO_PORT = 7;
const IDLE_S = 2;
const POLL_MS = 500;
/** Stated tolerance: the usage may differ from the clients' own counts by at most this fraction. */
const TOLERANCE = 0.01;
const SIZES = [100_000, 250_000, 400_000, 750_000, 1_000_000, 1_500_000];

const SERVICES: SiteService[] = [
  { id: 'web', prefix: '10.0.0.100/32', protocol: 'tcp', ports: [80] },
  { id: 'vsubnet', prefix: '192.200.0.0/16', protocol: 'tcp', ports: [80] },
  { id: 'echo', prefix: '10.0.0.100/32', protocol: 'udp', ports: [ECHO_PORT] },
];

interface Counts { bytes: number; packets: number }
interface TargetUsage { target: string; toService: Counts; fromService: Counts; connections: number; activeConnections: number }
interface Usage extends Omit<TargetUsage, 'target'> { targets: TargetUsage[]; accounting: { lastPollAt: string | null } }

let site: Site;
let api: SiteApi;

beforeAll(async () => {
  site = await startSite({
    name: 'qos-accounting',
    services: SERVICES,
    udpEchoPort: ECHO_PORT,
    controller: {
      ingress: { pinIdleTimeoutSec: IDLE_S, udpPinIdleTimeoutSec: IDLE_S },
      serviceRouting: { accounting: { enabled: true, pollIntervalMs: POLL_MS } },
      extra: siteApiSection(),
    },
  });
  api = await siteApi(site.controller);
  // Quiet clients: no IPv6 chatter on their interfaces; ARP and L2 learning warmed.
  for (const c of site.layout.clients) await site.net.cmd(c.id, 'sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1');
  for (const s of ['srv1', 'srv2', 'srv3']) for (const c of site.layout.clients) await site.net.cmd(s, `ping -c 2 -i 0.2 -W 1 ${c.ip}`);
}, 180_000);

afterAll(async () => {
  await site?.stop();
});

const usage = (id: string): Promise<Usage> => api.get<Usage>(`/v1/services/${id}/usage`);

/** The client's interface counters (the one non-loopback interface of the host). */
async function ifCounters(client: string): Promise<{ rx: number; tx: number }> {
  const r = await site.net.cmd(client, 'ip -j -s link show');
  const links = JSON.parse(r.output.slice(r.output.indexOf('['))) as Array<{ ifname: string; stats64: { rx: { bytes: number }; tx: { bytes: number } } }>;
  const l = links.find((x) => x.ifname !== 'lo')!;
  return { rx: l.stats64.rx.bytes, tx: l.stats64.tx.bytes };
}

/** Every pinned flow of these services has ended and a poll has run since. */
async function allFlowsEnded(ids: string[]): Promise<void> {
  // Past the idle timeout first: a poll taken before the last connection's flow was
  // installed would still show none active.
  await sleep((IDLE_S + 1) * 1000 + 2 * POLL_MS);
  await waitUntil('every flow to end and be polled', async () => {
    const us = await Promise.all(ids.map(usage));
    return us.every((u) => u.activeConnections === 0);
  }, (IDLE_S + 15) * 1000, 250);
  await sleep(2 * POLL_MS + 200);
}

function promTotal(text: string, metric: string, service: string, direction?: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`) || !line.includes(`service="${service}"`)) continue;
    if (direction !== undefined && !line.includes(`direction="${direction}"`)) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

const diff = (a: Usage, b: Usage) => ({
  to: a.toService.bytes - b.toService.bytes,
  from: a.fromService.bytes - b.fromService.bytes,
  connections: a.connections - b.connections,
});

const relError = (counted: number, truth: number): number => Math.abs(counted - truth) / truth;

describe('usage per VIP against what the clients transferred', () => {
  it(`counts curl downloads from a VIP and a virtual subnet within ${TOLERANCE * 100} %, ended connections included, and the Prometheus counters agree`, async () => {
    // A first fetch per client so ARP for the VIP and the gateway is done before counting.
    await site.net.cmd('c1', `curl -s -o /dev/null http://${WEB}/`);
    await site.net.cmd('c2', `curl -s -o /dev/null http://${SUBNET_ADDR}/`);
    await allFlowsEnded(['web', 'vsubnet']);
    const before = { web: await usage('web'), vsubnet: await usage('vsubnet') };
    const ifBefore = { c1: await ifCounters('c1'), c2: await ifCounters('c2') };
    const servedBefore = new Map(['srv1', 'srv2', 'srv3'].map((id) => [id, servedRequests(site.httpLogs.get(id)!).filter((r) => r.event === 'slow-done').length]));

    const downloads = async (client: string, host: string): Promise<number> => {
      const script = SIZES.map((n) => `curl -s -o /dev/null --max-time 30 -w 'GOT %{size_download} %{size_header} %{http_code}\\n' 'http://${host}/slow?bytes=${n}&rate=1000000000'`).join('; ');
      const out = (await site.net.cmd(client, script, 120)).output;
      const got = [...out.matchAll(/GOT (\d+) (\d+) (\d+)/g)];
      expect(got.map((m) => [Number(m[1]), m[3]])).toEqual(SIZES.map((n) => [n, '200']));
      return got.reduce((s, m) => s + Number(m[1]) + Number(m[2]), 0);
    };
    const [httpWeb, httpSubnet] = await Promise.all([downloads('c1', WEB), downloads('c2', SUBNET_ADDR)]);
    const ifAfter = { c1: await ifCounters('c1'), c2: await ifCounters('c2') };
    await allFlowsEnded(['web', 'vsubnet']);
    const after = { web: await usage('web'), vsubnet: await usage('vsubnet') };

    const figures = (['web', 'vsubnet'] as const).map((id) => {
      const client = id === 'web' ? 'c1' : 'c2';
      const d = diff(after[id], before[id]);
      const wireRx = ifAfter[client].rx - ifBefore[client].rx;
      const wireTx = ifAfter[client].tx - ifBefore[client].tx;
      return {
        service: id, connections: d.connections, httpBytes: id === 'web' ? httpWeb : httpSubnet,
        fromService: d.from, clientReceived: wireRx, fromError: relError(d.from, wireRx),
        toService: d.to, clientSent: wireTx, toError: relError(d.to, wireTx),
      };
    });
    process.stdout.write(`qos-accounting: ${JSON.stringify(figures)}\n`);
    for (const f of figures) {
      // One connection per download, every flow ended: all counted through FLOW_REMOVED.
      expect(f.connections).toBe(SIZES.length);
      expect(f.fromService).toBeGreaterThan(f.httpBytes);
      expect(f.fromError).toBeLessThanOrEqual(TOLERANCE);
      expect(f.toError).toBeLessThanOrEqual(TOLERANCE);
    }
    for (const id of ['web', 'vsubnet'] as const) {
      expect(after[id].activeConnections).toBe(0);
      // Per target: the servers that logged the downloads are the ones charged with them.
      const served = new Map(['srv1', 'srv2', 'srv3'].map((s) => [s, 0]));
      const clientIp = id === 'web' ? '10.0.1.1' : '10.0.2.1';
      for (const s of ['srv1', 'srv2', 'srv3']) {
        const done = servedRequests(site.httpLogs.get(s)!).filter((r) => r.event === 'slow-done').slice(servedBefore.get(s));
        served.set(s, done.filter((r) => r.client === clientIp).length);
      }
      const byTarget = new Map(after[id].targets.map((t) => [t.target, t.connections - (before[id].targets.find((b) => b.target === t.target)?.connections ?? 0)]));
      for (const [s, n] of served) expect({ s, n: byTarget.get(s) ?? 0 }).toEqual({ s, n });
    }
    // The Prometheus counters are the same ledger: equal to the API's totals.
    const text = await controllerMetrics(site.controller.records);
    for (const id of ['web', 'vsubnet'] as const) {
      expect(promTotal(text, 'slr_service_bytes_total', id, 'from_service')).toBe(after[id].fromService.bytes);
      expect(promTotal(text, 'slr_service_bytes_total', id, 'to_service')).toBe(after[id].toService.bytes);
      expect(promTotal(text, 'slr_service_packets_total', id)).toBe(after[id].toService.packets + after[id].fromService.packets);
      expect(promTotal(text, 'slr_service_connections_total', id)).toBe(after[id].connections);
    }
  });

  it('counts UDP echo flows exactly (payload + 42 bytes of headers per datagram, both ways) after their flows ended', async () => {
    const before = await usage('echo');
    const FLOWS = 40;
    const DATAGRAMS = 3;
    const SIZE = 500;
    const r = await udpFlows(site.net, 'c1', `${WEB}:${ECHO_PORT}`, { flows: FLOWS, datagrams: DATAGRAMS, size: SIZE, gapMs: 20, portBase: 25000, out: path.join(site.dir, 'udp-accounting.jsonl') });
    expect(r.datagramsAnswered).toBe(FLOWS * DATAGRAMS);
    await allFlowsEnded(['echo']);
    const after = await usage('echo');
    const frame = SIZE + 42; // Ethernet 14 + IPv4 20 + UDP 8
    const expected = FLOWS * DATAGRAMS * frame;
    const d = diff(after, before);
    process.stdout.write(`qos-accounting udp: ${JSON.stringify({ expected, toService: d.to, fromService: d.from, connections: d.connections })}\n`);
    expect(d.connections).toBe(FLOWS);
    expect(relError(d.to, expected)).toBeLessThanOrEqual(TOLERANCE);
    expect(relError(d.from, expected)).toBeLessThanOrEqual(TOLERANCE);
  });
});
