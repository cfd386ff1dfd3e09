// npm run bench:hierarchy — what each SLR level costs a new connection, on real Open
// vSwitch in Mininet: one level (topologies/site.json), two (hierarchy2.json) and three
// (hierarchy3.json), the hierarchies with and without the shortcut, all in one run.
// For each network, from client c1 with testbed-servers/fetch_many.py --connect-only:
//   - connect() time p50/p99 of one connector at a time, to the VIP and, as the
//     reference measured on the same network in the same run, straight to one server's
//     real address (plain L2 forwarding over the same switches, no SLR involved): the
//     difference is the first packet's added latency;
//   - new connections/s with 8 parallel connectors, to the VIP and straight to a server.
// Prints a table with ratios, then one line RESULT {json}. Options: --connections N
// (rate round, default 1000), --latency-connections N (default 200).
import { HIERARCHY2, HIERARCHY3 } from '../test/support/hierarchy-config';
import { startHierarchy, type Hierarchy } from '../test/support/hierarchy-harness';
import { startSite, type Site } from '../test/support/site-harness';
import { fetchMany, type FetchSummary } from '../test/support/site-traffic';
import type { MininetDriver } from '../test/support/mininet-driver';

const VIP = '10.0.0.100';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

interface Measured {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

interface Row {
  levels: number;
  shortcut: boolean | null;
  vip: Measured;
  direct: Measured;
}

async function measure(net: MininetDriver, url: string, connections: number, latencyConnections: number): Promise<Measured> {
  const check = (s: FetchSummary): FetchSummary => {
    if (s.succeeded !== s.connections) throw new Error(`${url}: ${s.connections - s.succeeded} connections failed: ${JSON.stringify(s.errors)}`);
    return s;
  };
  const rate = check(await fetchMany(net, 'c1', url, { count: connections, concurrency: 8, connectOnly: true }));
  const latency = check(await fetchMany(net, 'c1', url, { count: latencyConnections, concurrency: 1, connectOnly: true }));
  return { perSecond: rate.perSecond ?? 0, p50Ms: latency.connectMsP50 ?? NaN, p99Ms: latency.connectMsP99 ?? NaN };
}

async function oneLevel(connections: number, latencyConnections: number): Promise<Row> {
  let site: Site | undefined;
  try {
    site = await startSite({ name: 'bench-hierarchy-1' });
    for (const s of site.layout.servers.filter((x) => !x.spare)) await site.net.cmd(s.id, `ping -c 2 -i 0.2 -W 1 ${site.layout.clients[0]!.ip}`);
    const server = site.layout.servers[0]!;
    // Warm both paths once, then measure.
    await measure(site.net, `http://${VIP}/`, 50, 20);
    await measure(site.net, `http://${server.ip}/`, 50, 20);
    const vip = await measure(site.net, `http://${VIP}/`, connections, latencyConnections);
    const direct = await measure(site.net, `http://${server.ip}/`, connections, latencyConnections);
    return { levels: 1, shortcut: null, vip, direct };
  } finally {
    await site?.stop();
  }
}

async function hierarchy(levels: 2 | 3, shortcut: boolean, connections: number, latencyConnections: number): Promise<Row> {
  let h: Hierarchy | undefined;
  try {
    h = await startHierarchy({ name: `bench-hierarchy-${levels}-${shortcut ? 'shortcut' : 'plain'}`, topology: levels === 2 ? HIERARCHY2 : HIERARCHY3, shortcut });
    await h.warmL2();
    const server = h.layout.servers[0]!;
    await measure(h.net, `http://${VIP}/`, 50, 20);
    await measure(h.net, `http://${server.ip}/`, 50, 20);
    const vip = await measure(h.net, `http://${VIP}/`, connections, latencyConnections);
    const direct = await measure(h.net, `http://${server.ip}/`, connections, latencyConnections);
    return { levels, shortcut, vip, direct };
  } finally {
    await h?.stop();
  }
}

const round2 = (x: number): number => Math.round(x * 1000) / 1000;

async function main(): Promise<void> {
  const connections = arg('--connections', 1000);
  const latencyConnections = arg('--latency-connections', 200);
  const rows: Row[] = [];
  rows.push(await oneLevel(connections, latencyConnections));
  for (const levels of [2, 3] as const) {
    for (const shortcut of [true, false]) rows.push(await hierarchy(levels, shortcut, connections, latencyConnections));
  }
  const added = (r: Row): { p50: number; p99: number } => ({ p50: round2(r.vip.p50Ms - r.direct.p50Ms), p99: round2(r.vip.p99Ms - r.direct.p99Ms) });
  const base = rows[0]!;
  const header = ['levels', 'shortcut', 'VIP conn/s', 'direct conn/s', 'ratio', 'VIP p50 ms', 'direct p50 ms', 'added p50 ms', 'added p99 ms', 'added p50 vs 1 level'];
  const lines = rows.map((r) => [
    String(r.levels),
    r.shortcut === null ? '-' : r.shortcut ? 'yes' : 'no',
    r.vip.perSecond.toFixed(0),
    r.direct.perSecond.toFixed(0),
    (r.vip.perSecond / r.direct.perSecond).toFixed(2),
    r.vip.p50Ms.toFixed(3),
    r.direct.p50Ms.toFixed(3),
    added(r).p50.toFixed(3),
    added(r).p99.toFixed(3),
    (added(r).p50 - added(base).p50).toFixed(3),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  process.stdout.write(`${fmt(header)}\n${lines.map(fmt).join('\n')}\n`);
  const perLevel = (levels: number, shortcut: boolean | null): number | null => {
    const r = rows.find((x) => x.levels === levels && x.shortcut === shortcut);
    return r === undefined ? null : round2((added(r).p50 - added(base).p50) / Math.max(1, levels - 1));
  };
  const result = {
    rows: rows.map((r) => ({ ...r, addedLatencyP50Ms: added(r).p50, addedLatencyP99Ms: added(r).p99, ratioVsDirect: round2(r.vip.perSecond / r.direct.perSecond) })),
    addedP50PerExtraLevelMs: { shortcut: { 2: perLevel(2, true), 3: perLevel(3, true) }, plain: { 2: perLevel(2, false), 3: perLevel(3, false) } },
    goalAddedP50PerExtraLevelMs: 0.3,
  };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:hierarchy: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);
