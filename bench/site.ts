// npm run bench:site — new TCP connections through the site SLR against the same site
// with the same servers reached by pre-installed static flows (ovs-ofctl add-flow, the
// controller not involved: the limit of the switch itself). Both in the same run, on
// the same Mininet network, alternating rounds; best round of each is reported.
// Measured from a client host with testbed-servers/fetch_many.py --connect-only:
//   - connections/s with --concurrency parallel connectors (default 8),
//   - connect() time p50/p99 of one connector at a time: the first packet's added
//     latency is the difference between the two columns.
// Options: --connections N (default 2000), --latency-connections N (300), --rounds N (2).
import { startSite, type Site } from '../test/support/site-harness';
import { controllerPacketIns, fetchMany, type FetchSummary } from '../test/support/site-traffic';

const VIP = '10.0.0.100';
const STATIC_COOKIE = '0x5157';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

/** Static flows: the VIP's connections spread over the servers by two bits of the client port. */
async function addStaticFlows(site: Site): Promise<void> {
  const servers = site.layout.servers.filter((s) => !s.spare);
  for (let bits = 0; bits < 4; bits++) {
    const s = servers[bits % servers.length]!;
    const flow = `cookie=${STATIC_COOKIE},priority=2000,tcp,nw_dst=${VIP},tp_dst=80,tp_src=${bits}/3,actions=mod_dl_dst:${s.mac},output:${s.port}`;
    await site.net.ofctl('s2', ['add-flow', flow]);
  }
}

async function removeStaticFlows(site: Site): Promise<void> {
  await site.net.ofctl('s2', ['del-flows', `cookie=${STATIC_COOKIE}/-1`]);
}

interface Round { rate: FetchSummary; latency: FetchSummary; packetIns: number }

async function round(site: Site, connections: number, latencyConnections: number, concurrency: number): Promise<Round> {
  const before = await controllerPacketIns(site.controller.records);
  const rate = await fetchMany(site.net, 'c1', `http://${VIP}/`, { count: connections, concurrency, connectOnly: true });
  const latency = await fetchMany(site.net, 'c1', `http://${VIP}/`, { count: latencyConnections, concurrency: 1, connectOnly: true });
  const packetIns = (await controllerPacketIns(site.controller.records)) - before;
  if (rate.succeeded !== rate.connections || latency.succeeded !== latency.connections) {
    throw new Error(`connections failed: ${JSON.stringify(rate.errors)} ${JSON.stringify(latency.errors)}`);
  }
  return { rate, latency, packetIns };
}

function best(rounds: Round[]): { perSecond: number; p50: number; p99: number; packetInsPerConnection: number } {
  const total = (r: Round): number => r.rate.connections + r.latency.connections;
  return {
    perSecond: Math.max(...rounds.map((r) => r.rate.perSecond ?? 0)),
    p50: Math.min(...rounds.map((r) => r.latency.connectMsP50 ?? Infinity)),
    p99: Math.min(...rounds.map((r) => r.latency.connectMsP99 ?? Infinity)),
    packetInsPerConnection: Math.min(...rounds.map((r) => r.packetIns / total(r))),
  };
}

async function main(): Promise<void> {
  const connections = arg('--connections', 2000);
  const latencyConnections = arg('--latency-connections', 300);
  const rounds = arg('--rounds', 2);
  const concurrency = arg('--concurrency', 8);
  const site = await startSite({ name: 'bench-site' });
  try {
    // Warm-up: ARP for the VIP and the L2 flows of the return path.
    await fetchMany(site.net, 'c1', `http://${VIP}/`, { count: 50, concurrency: 2, connectOnly: true });
    const viaSlr: Round[] = [];
    const viaStatic: Round[] = [];
    for (let i = 0; i < rounds; i++) {
      viaSlr.push(await round(site, connections, latencyConnections, concurrency));
      await addStaticFlows(site);
      try {
        viaStatic.push(await round(site, connections, latencyConnections, concurrency));
      } finally {
        await removeStaticFlows(site);
      }
    }
    const a = best(viaSlr);
    const b = best(viaStatic);
    const rows: [string, string, string, string][] = [
      ['new TCP connections/s', a.perSecond.toFixed(0), b.perSecond.toFixed(0), (a.perSecond / b.perSecond).toFixed(2)],
      ['connect p50 (ms)', a.p50.toFixed(2), b.p50.toFixed(2), (a.p50 / b.p50).toFixed(2)],
      ['connect p99 (ms)', a.p99.toFixed(2), b.p99.toFixed(2), (a.p99 / b.p99).toFixed(2)],
      ['packet-ins per connection', a.packetInsPerConnection.toFixed(3), b.packetInsPerConnection.toFixed(3), '-'],
    ];
    const widths = [28, 16, 16, 8];
    const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ');
    process.stdout.write(`bench:site  ${connections} connections x ${concurrency} connectors, ${latencyConnections} sequential for latency, best of ${rounds} rounds\n`);
    process.stdout.write(`${line(['metric', 'through slr', 'static flows', 'ratio'])}\n`);
    for (const r of rows) process.stdout.write(`${line(r)}\n`);
    process.stdout.write(`first-packet added latency: p50 ${(a.p50 - b.p50).toFixed(2)} ms, p99 ${(a.p99 - b.p99).toFixed(2)} ms\n`);
  } finally {
    await site.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:site: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);
