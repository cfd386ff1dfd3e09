// The hierarchy demo (scripts/demo-hierarchy.sh runs the compiled file): the three-level
// network of topologies/hierarchy3.json up (five controller processes, ten servers with
// real agents), real HTTP from both clients to the VIP and into the virtual subnet, then
// one line `SUMMARY {json}`: connections, how they spread over ASes, sites and servers,
// packet-ins per connection at each level, VIP or per-connection rules found on core
// switches, connections whose later packets took the shortcut, and the checks. Exit 0
// only if every check passed. Everything started is stopped again, also on failure.
import { HIERARCHY3, levelsByTier, levelsOf } from './hierarchy-config';
import { metricValue, startHierarchy, type Hierarchy } from './hierarchy-harness';
import { parseFlows } from './flow-table';
import { fetchMany, type FetchSummary } from './site-traffic';

const PER_CLIENT_PER_VIP = Number(process.env.HIERARCHY_DEMO_REQUESTS ?? 100);
const VIPS = ['10.0.0.100', '192.200.10.20'];
const MAX_PACKET_INS_PER_CONNECTION = 1.05;
const CORE_SWITCHES = ['k0', 'k1', 'k2'];
const INGRESS = 'n1';

async function packetInsByTier(h: Hierarchy): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const texts = new Map<string, string>();
  for (const p of h.layout.processes) texts.set(p.name, await h.metrics(p.name));
  for (const [tier, ids] of Object.entries(levelsByTier(h.layout))) {
    out[tier] = 0;
    for (const id of ids) {
      const text = texts.get(levelsOf(h.layout).find((l) => l.id === id)!.process)!;
      for (const outcome of ['new_connection', 'repeat', 'no_target', 'undeliverable']) out[tier] += metricValue(text, 'slr_level_packet_ins_total', { level: id, outcome });
    }
  }
  return out;
}

/** Flows on core switches that match a VIP or a connection (there should be none). */
async function coreVipRules(h: Hierarchy): Promise<number> {
  let n = 0;
  for (const sw of CORE_SWITCHES) {
    const flows = parseFlows(await h.net.dumpFlows(sw));
    n += flows.filter((f) => ['nw_dst', 'nw_src', 'tp_dst', 'tp_src', 'tcp', 'udp'].some((k) => k in f.match) || VIPS.some((v) => f.raw.includes(v))).length;
  }
  return n;
}

/** Pinned connections at the ingress whose flow pushes the whole stack (three labels) and has carried packets. */
async function shortcutConnections(h: Hierarchy): Promise<number> {
  const flows = parseFlows(await h.net.dumpFlows(INGRESS)).filter((f) => f.table === 3 && f.priority === 100);
  return flows.filter((f) => (f.actions.match(/push_mpls/g) ?? []).length === 3 && f.nPackets > 0).length;
}

async function main(): Promise<number> {
  let h: Hierarchy | undefined;
  try {
    h = await startHierarchy({ name: 'hierarchy-demo', topology: HIERARCHY3 });
    const x = h;
    process.stderr.write(`demo-hierarchy: three levels up (logs in ${x.dir}); sending traffic\n`);
    await x.warmL2();
    const before = await packetInsByTier(x);
    const runs: Array<FetchSummary & { vip: string }> = await Promise.all(
      x.layout.clients.flatMap((c) => VIPS.map(async (vip) => ({ ...(await fetchMany(x.net, c.id, `http://${vip}/`, { count: PER_CLIENT_PER_VIP, concurrency: 3 })), vip }))),
    );
    const after = await packetInsByTier(x);
    const connections = runs.reduce((n, r) => n + r.connections, 0);
    const succeeded = runs.reduce((n, r) => n + (r.peers[r.vip] ?? 0), 0);
    const byServer: Record<string, number> = {};
    for (const r of runs) for (const [s, n] of Object.entries(r.byServer)) byServer[s] = (byServer[s] ?? 0) + n;
    const siteOf = (s: string): string => x.layout.servers.find((v) => v.id === s)?.site ?? '?';
    const asOf = (site: string): string => levelsOf(x.layout).find((l) => l.id === site)?.parent ?? '?';
    const bySite: Record<string, number> = {};
    const byAs: Record<string, number> = {};
    for (const [s, n] of Object.entries(byServer)) {
      bySite[siteOf(s)] = (bySite[siteOf(s)] ?? 0) + n;
      byAs[asOf(siteOf(s))] = (byAs[asOf(siteOf(s))] ?? 0) + n;
    }
    const packetInsPerConnectionByLevel: Record<string, number | null> = {};
    for (const tier of ['network', 'system', 'site']) {
      packetInsPerConnectionByLevel[tier] = connections > 0 ? Math.round(((after[tier]! - before[tier]!) / connections) * 1000) / 1000 : null;
    }
    const coreSwitchVipRules = await coreVipRules(x);
    const shortcuts = await shortcutConnections(x);
    const expected = x.layout.clients.length * VIPS.length * PER_CLIENT_PER_VIP;
    const checks = {
      allSucceededFromVip: connections === expected && succeeded === expected,
      everyAsServed: Object.keys(byAs).length === levelsByTier(x.layout).system.length,
      everySiteServed: Object.keys(bySite).length === levelsByTier(x.layout).site.length,
      packetInsPerConnectionAtEachLevelAtMost: Object.values(packetInsPerConnectionByLevel).every((v) => v !== null && v <= MAX_PACKET_INS_PER_CONNECTION),
      noVipRulesOnCoreSwitches: coreSwitchVipRules === 0,
      shortcutsTaken: shortcuts > 0,
    };
    const ok = Object.values(checks).every(Boolean);
    const summary = {
      ok,
      connections,
      succeeded,
      levels: Object.fromEntries(Object.entries(levelsByTier(x.layout)).map(([tier, ids]) => [tier, ids])),
      byAs,
      bySite,
      byServer,
      packetInsPerConnectionByLevel,
      coreSwitchVipRules,
      shortcutConnections: shortcuts,
      vips: VIPS,
      clients: x.layout.clients.map((c) => c.id),
      checks,
      logs: x.dir,
    };
    process.stdout.write(`SUMMARY ${JSON.stringify(summary)}\n`);
    return ok ? 0 : 1;
  } catch (err) {
    process.stdout.write(`SUMMARY ${JSON.stringify({ ok: false, error: err instanceof Error ? err.message : String(err) })}\n`);
    return 1;
  } finally {
    await h?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`demo-hierarchy: ${String(err)}\n`);
    process.exit(1);
  },
);
