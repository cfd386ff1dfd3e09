// The site demo (scripts/demo-site.sh runs the compiled file): the whole host site up,
// real curl traffic from every client to the VIP and into the virtual subnet, then one
// line `SUMMARY {json}` and exit 0 only if every request succeeded from the VIP it was
// sent to, every server took part and the service-routing app saw about one packet-in
// per connection (after a short warm-up, reported apart; the total, L2 learning
// included, is printed too). Everything started is stopped
// again, also on failure.
import { startSite, type Site } from './site-harness';
import { controllerMetrics, controllerPacketIns, sumMetric } from './site-traffic';

const PER_CLIENT_PER_VIP = Number(process.env.SITE_DEMO_REQUESTS ?? 100);
const VIPS = ['10.0.0.100', '192.200.10.20'];
const MAX_PACKET_INS_PER_CONNECTION = 1.05;

interface Outcome { code: string; remoteIp: string; servedBy: string; vip: string; client: string }

/** N sequential curls in one client; one line per request: status, answering address, server. */
async function curlLoop(site: Site, client: string, vip: string, n: number): Promise<Outcome[]> {
  const cmd = `for i in $(seq 1 ${n}); do curl -s -o /dev/null --max-time 5 -w '%{http_code} %{remote_ip} %header{x-served-by}\\n' http://${vip}/; done`;
  const res = await site.net.cmd(client, cmd, 30 + n);
  return res.output
    .trim()
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      const [code = '000', remoteIp = '', servedBy = ''] = l.trim().split(/\s+/);
      return { code, remoteIp, servedBy, vip, client };
    });
}

async function main(): Promise<number> {
  let site: Site | undefined;
  try {
    site = await startSite({ name: 'site-demo' });
    const s = site;
    process.stderr.write(`demo-site: site up (logs in ${s.dir}); sending traffic\n`);
    // Warm-up, counted apart: ARP for the VIPs and the L2 learning of each client-server
    // MAC pair cost packet-ins once per pair (Open vSwitch sends a pair's packets to the
    // controller until its learned flow is in the datapath), not once per connection.
    const start = await controllerPacketIns(s.controller.records);
    const warmup = (await Promise.all(s.layout.clients.flatMap((c) => VIPS.map((vip) => curlLoop(s, c.id, vip, 6))))).flat();
    const before = await controllerPacketIns(s.controller.records);
    const vipBefore = sumMetric(await controllerMetrics(s.controller.records), 'slr_service_routing_packet_ins_total');
    const runs = await Promise.all(s.layout.clients.flatMap((c) => VIPS.map((vip) => curlLoop(s, c.id, vip, PER_CLIENT_PER_VIP))));
    const after = await controllerPacketIns(s.controller.records);
    const vipPacketIns = sumMetric(await controllerMetrics(s.controller.records), 'slr_service_routing_packet_ins_total') - vipBefore;
    const outcomes = runs.flat();
    const expected = s.layout.clients.length * VIPS.length * PER_CLIENT_PER_VIP;
    const succeeded = outcomes.filter((o) => o.code === '200' && o.remoteIp === o.vip).length;
    const byServer: Record<string, number> = {};
    for (const o of outcomes) if (o.code === '200') byServer[o.servedBy] = (byServer[o.servedBy] ?? 0) + 1;
    const packetInsPerConnection = outcomes.length > 0 ? Math.round(((after - before) / outcomes.length) * 1000) / 1000 : null;
    const regular = s.layout.servers.filter((x) => !x.spare).map((x) => x.id);
    const checks = {
      allSucceededFromVip: succeeded === expected && outcomes.length === expected && warmup.every((o) => o.code === '200' && o.remoteIp === o.vip),
      everyServerServed: regular.every((id) => (byServer[id] ?? 0) > 0),
      // The SLR's own share: connections to VIPs and ARP for them. The total above also
      // holds the L2 learning app's packet-ins (a few per host pair, not per connection).
      serviceRoutingPacketInsPerConnectionAtMost: outcomes.length > 0 && vipPacketIns / outcomes.length <= MAX_PACKET_INS_PER_CONNECTION,
    };
    const ok = Object.values(checks).every(Boolean);
    const summary = {
      ok,
      connections: outcomes.length,
      succeeded,
      failed: expected - succeeded,
      packetIns: after - before,
      packetInsPerConnection,
      // Of these, the ones the service-routing app handled (VIP connections and VIP ARP).
      serviceRoutingPacketIns: vipPacketIns,
      warmup: { connections: warmup.length, packetIns: before - start },
      byServer,
      vips: VIPS,
      clients: s.layout.clients.map((c) => c.id),
      checks,
      logs: s.dir,
    };
    process.stdout.write(`SUMMARY ${JSON.stringify(summary)}\n`);
    return ok ? 0 : 1;
  } catch (err) {
    process.stdout.write(`SUMMARY ${JSON.stringify({ ok: false, error: err instanceof Error ? err.message : String(err) })}\n`);
    return 1;
  } finally {
    await site?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`demo-site: ${String(err)}\n`);
    process.exit(1);
  },
);
