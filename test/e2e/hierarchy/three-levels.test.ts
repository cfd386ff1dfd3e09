// Three SLR levels on real Open vSwitch (topologies/hierarchy3.json), five controller
// processes: the network SLR (ingress n1, core k0) chooses an AS, each AS's system SLR
// (border b1/b2, core k1/k2) chooses a host site, each site SLR chooses a server (two
// site levels per process). Real agents on all ten servers, real HTTP, real Redis.
// Hundreds of connections all succeed from the VIP with one packet-in per connection
// at each level; core switches know labels only; once a site has chosen a server the
// ingress pushes the whole label stack straight to the server's site edge.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { HIERARCHY3, levelsByTier, levelsOf } from '../../support/hierarchy-config';
import { metricValue, startHierarchy, type Hierarchy } from '../../support/hierarchy-harness';
import { parseFlows } from '../../support/flow-table';
import { readJsonLines, waitUntil } from '../../support/site-logs';
import { fetchMany } from '../../support/site-traffic';
import { siteApi, siteApiSection } from '../../support/site-api';

const run = promisify(execFile);
const VIP = '10.0.0.100';
const SUBNET_VIP = '192.200.7.9';
const PER_CLIENT = 150;
const MAX_PACKET_INS_PER_CONNECTION = 1.05;
let h: Hierarchy;

beforeAll(async () => {
  // The operator API on the network SLR (explains across levels) and on a process hosting two site levels.
  h = await startHierarchy({ name: 'hierarchy3', topology: HIERARCHY3, extra: { net: siteApiSection(), sites1: siteApiSection() } });
  await h.warmL2();
}, 300_000);

afterAll(async () => {
  await h?.stop();
}, 60_000);

/** Packet-ins each tier's levels handled so far (decisions and repeats), summed over the tier. */
async function packetInsByTier(): Promise<Record<string, number>> {
  const tiers = levelsByTier(h.layout);
  const out: Record<string, number> = {};
  const texts = new Map<string, string>();
  for (const p of h.layout.processes) texts.set(p.name, await h.metrics(p.name));
  for (const [tier, ids] of Object.entries(tiers)) {
    out[tier] = 0;
    for (const id of ids) {
      const text = texts.get(levelsOf(h.layout).find((l) => l.id === id)!.process)!;
      for (const outcome of ['new_connection', 'repeat', 'no_target', 'undeliverable']) out[tier] += metricValue(text, 'slr_level_packet_ins_total', { level: id, outcome });
    }
  }
  return out;
}

const siteOf = (server: string): string => h.layout.servers.find((s) => s.id === server)!.site;
const asOf = (site: string): string => levelsOf(h.layout).find((l) => l.id === site)!.parent!;
const iface = (sw: string, port: number): string => `${h.net.info.prefix}${sw}-eth${port}`;

describe('a network SLR over two ASes of two sites each', () => {
  it('serves hundreds of connections through three levels from the VIP, with at most 1.05 packet-ins per connection at each level', async () => {
    const before = await packetInsByTier();
    const runs = await Promise.all([
      fetchMany(h.net, 'c1', `http://${VIP}/`, { count: PER_CLIENT, concurrency: 4 }),
      fetchMany(h.net, 'c2', `http://${SUBNET_VIP}/`, { count: PER_CLIENT, concurrency: 4 }),
    ]);
    const after = await packetInsByTier();
    const connections = runs.reduce((n, r) => n + r.connections, 0);
    expect(connections).toBe(2 * PER_CLIENT);
    for (const r of runs) {
      expect(r.errors).toEqual({});
      expect(r.succeeded).toBe(r.connections);
    }
    expect(runs[0]!.peers).toEqual({ [VIP]: PER_CLIENT });
    expect(runs[1]!.peers).toEqual({ [SUBNET_VIP]: PER_CLIENT });
    const byServer: Record<string, number> = {};
    for (const r of runs) for (const [s, n] of Object.entries(r.byServer)) byServer[s] = (byServer[s] ?? 0) + n;
    const bySite: Record<string, number> = {};
    const byAs: Record<string, number> = {};
    for (const [s, n] of Object.entries(byServer)) {
      bySite[siteOf(s)] = (bySite[siteOf(s)] ?? 0) + n;
      byAs[asOf(siteOf(s))] = (byAs[asOf(siteOf(s))] ?? 0) + n;
    }
    process.stdout.write(`hierarchy3: ${connections} connections byAs=${JSON.stringify(byAs)} bySite=${JSON.stringify(bySite)}\n`);
    // Least load at every level spreads the connections over both ASes and all four sites.
    expect(Object.keys(byAs).sort()).toEqual(['as1', 'as2']);
    expect(Object.keys(bySite).sort()).toEqual(['site11', 'site12', 'site21', 'site22']);
    for (const tier of ['network', 'system', 'site']) {
      const perConnection = (after[tier]! - before[tier]!) / connections;
      process.stdout.write(`hierarchy3: ${tier} level ${perConnection.toFixed(3)} packet-ins per connection\n`);
      expect({ tier, atLeastOne: perConnection >= 1 }).toEqual({ tier, atLeastOne: true });
      expect({ tier, perConnection: perConnection <= MAX_PACKET_INS_PER_CONNECTION }).toEqual({ tier, perConnection: true });
    }
  }, 180_000);

  it('keeps core switches free of VIP and per-connection rules: they switch on labels only', async () => {
    for (const sw of ['k0', 'k1', 'k2']) {
      const flows = parseFlows(await h.net.dumpFlows(sw));
      const offending = flows.filter((f) => ['nw_dst', 'nw_src', 'tp_dst', 'tp_src', 'tcp', 'udp'].some((k) => k in f.match) || f.raw.includes(VIP));
      expect({ sw, offending: offending.map((f) => f.raw) }).toEqual({ sw, offending: [] });
      const labelRules = flows.filter((f) => f.match.mpls_label !== undefined);
      expect({ sw, labelRules: labelRules.length >= 2 }).toEqual({ sw, labelRules: true });
    }
  });

  it('takes the shortcut: after the first packet no intermediate level sees the connection, and it crosses the core on the full label stack', async () => {
    const before = await packetInsByTier();
    const slow = await h.net.bg('c1', `curl -s -o /dev/null -w 'CODE %{http_code} SIZE %{size_download}\\n' --max-time 60 'http://${VIP}/slow?bytes=1500000&rate=250000'`);
    let server = '';
    await waitUntil('the slow transfer to start', () => {
      for (const [id, log] of h.httpLogs) if (readJsonLines(log).some((r) => r.event === 'slow-start')) server = id;
      return server !== '';
    }, 15_000);
    const site = siteOf(server);
    const as = asOf(site);
    const level = levelsOf(h.layout).find((l) => l.id === site)!;
    const asLabel = levelsOf(h.layout).find((l) => l.id === as)!.label!;
    // Labels of the stack: the AS's, the site's, and the server's (allocated from the site's base in config order).
    const serverLabel = level.targetLabelBase! + level.servers!.indexOf(server);
    // The ingress re-pinned the connection with the whole stack.
    await waitUntil('the ingress pin to push three labels', async () => {
      const flows = parseFlows(await h.net.dumpFlows('n1')).filter((f) => f.table === 3 && f.priority === 100);
      return flows.some((f) => f.actions.includes(`set_field:${asLabel}->mpls_label`) && f.actions.includes(`set_field:${level.label}->mpls_label`) && f.actions.includes(`set_field:${serverLabel}->mpls_label`));
    }, 10_000);
    // Its packets on the link from k0 to the AS border carry the three labels, server's at the bottom.
    const toBorder = iface('k0', as === 'as1' ? 2 : 3);
    const { stdout } = await run('tcpdump', ['-i', toBorder, '-nn', '-c', '5', '-l', 'mpls'], { timeout: 15_000 });
    // tcpdump prints each label stack entry as "(label L, tc T, [S], ttl N)", bottom of stack marked [S].
    const lines = stdout.split('\n').filter((l) => l.includes('MPLS'));
    const stacked = lines.filter((l) => new RegExp(`\\(label ${asLabel}, [^)]*\\) \\(label ${level.label}, [^)]*\\) \\(label ${serverLabel}, [^)]*\\[S\\]`).test(l));
    expect({ link: toBorder, stacked: stacked.length, sample: lines[0] }).toEqual({ link: toBorder, stacked: 5, sample: lines[0] });
    const during = await packetInsByTier();
    await waitUntil('the slow transfer to finish', async () => !(await h.net.bgStatus(slow.pid)).running, 30_000);
    const after = await packetInsByTier();
    // One connection: one packet-in at each level for its first packet, none afterwards.
    for (const tier of ['network', 'system', 'site']) expect({ tier, total: after[tier]! - before[tier]! }).toEqual({ tier, total: 1 });
    expect(after.system).toBe(during.system);
    expect(after.site).toBe(during.site);
    const status = await h.net.bgStatus(slow.pid);
    expect(readFileSync(status.log, 'utf8')).toContain('CODE 200 SIZE 1500000');
  }, 90_000);

  it('explains a connection at every level (AS -> site -> server, with the labels), and the real connection takes that path', async () => {
    const api = await siteApi(h.processes.get('net')!);
    interface Step { level: string; kind: string | null; chosen: string | null; reason: string; label: number | null; candidates: unknown[]; error?: string }
    const simulate = async (clientPort: number): Promise<Step[]> =>
      (await api.create<{ levels: Step[] }>('/v1/simulate', { client: '10.1.0.1', clientPort, vip: VIP, vipPort: 80 })).levels;
    const port = 45001;
    const before = await simulate(port);
    expect(before.map((s) => s.kind)).toEqual(['network', 'system', 'site']);
    expect(before.map((s) => s.error)).toEqual([undefined, undefined, undefined]);
    // Each step is the level the step above chose, reached by that target's label.
    expect(before[1]!.level).toBe(before[0]!.chosen);
    expect(before[2]!.level).toBe(before[1]!.chosen);
    expect(asOf(before[2]!.level)).toBe(before[1]!.level);
    expect(before[0]!.label).toBe(levelsOf(h.layout).find((l) => l.id === before[0]!.chosen)!.label);
    expect(before[1]!.label).toBe(levelsOf(h.layout).find((l) => l.id === before[1]!.chosen)!.label);
    expect(siteOf(before[2]!.chosen!)).toBe(before[2]!.level);
    for (const s of before) expect(s.candidates.length).toBeGreaterThanOrEqual(2);
    // The real connection from that port, then its explanation: pinned at every level, to the server that answered.
    const out = (await h.net.cmd('c1', `curl -s -D - -o /dev/null --max-time 5 --local-port ${port} http://${VIP}/`, 15)).output;
    const served = /X-Served-By: (\S+)/i.exec(out)?.[1];
    expect(served).toBeDefined();
    const after = await simulate(port);
    expect(after.map((s) => [s.level, s.reason])).toEqual([['net', 'pinned'], [asOf(siteOf(served!)), 'pinned'], [siteOf(served!), 'pinned']]);
    expect(after[2]!.chosen).toBe(served);
    // A process hosting two site levels lists both, with their servers, labels and loads.
    const levels = (await (await siteApi(h.processes.get('sites1')!)).get<{ items: Array<{ id: string; kind?: string; ownLabel: number | null; members: Array<{ id: string; kind: string; label: number | null; loads: Record<string, number> }> }> }>('/v1/levels')).items;
    expect(levels.map((l) => l.id)).toEqual(levelsOf(h.layout).filter((l) => l.process === 'sites1').map((l) => l.id));
    for (const l of levels) {
      const spec = levelsOf(h.layout).find((x) => x.id === l.id)!;
      expect(l.ownLabel).toBe(spec.label);
      expect(l.members.map((m) => m.id)).toEqual(spec.servers);
      for (const m of l.members) {
        expect(m.kind).toBe('server');
        expect(m.label).toBe(spec.targetLabelBase! + spec.servers!.indexOf(m.id));
        expect(Object.keys(m.loads).length).toBeGreaterThanOrEqual(1);
      }
    }
  }, 60_000);
});
