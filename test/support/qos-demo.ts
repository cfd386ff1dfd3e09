// The QoS demo (scripts/demo-qos.sh runs the compiled file): the host site with two VIPs
// holding different shares of the access link (gold 50%, bronze 25%: 2:1), both
// saturated at once with iperf3 from their own clients, then gold rate-limited through
// the REST API and measured from the VIP (the direct-return direction), then the edge
// switch loses its meters and the shares are measured again once the qos app has put
// them back. Ends with one line `SUMMARY {json}` holding `shares` (per VIP: configured
// and measured), `usage` (downloads from an unmetered web VIP: bytes slr counted from the
// VIP and bytes the client received; the metered VIPs' counts as they are), `udp` (flows to a UDP echo service on gold's VIP: answered, packet-ins per
// flow) and `checks`; exit 1 if a check failed.
import { startSite, type Site } from './site-harness';
import { loadSiteLayout, type SiteService } from './site-config';
import { siteApiSection, SITE_API_TOKEN } from './site-api';
import { waitUntil } from './site-logs';
import { controllerPacketIns } from './site-traffic';
import { udpFlows } from './site-udp';
import { bothSaturated, BRONZE, BRONZE_SHARE, GOLD, GOLD_SHARE, iperf, LINK_KBPS, meterIds, QOS_POLICIES, QOS_SERVICES, qosSection, startIperfServers } from './qos-shares';

const SECONDS = Number(process.env.QOS_DEMO_SECONDS ?? 8);
const RATIO_TOLERANCE = 0.2;
const LIMIT_TOLERANCE = 0.1;
const GOLD_LIMIT_KBPS = 4000;

/** A section of the SUMMARY filled by a hook, with the checks it adds. */
export interface DemoSection {
  value: unknown;
  checks: Record<string, boolean>;
}

const ECHO_PORT = 7;
const UDP_FLOWS = 200;
const USAGE_POLL_MS = 500;
/** Stated tolerance of the accounting check: slr's count against the client's own. */
const USAGE_TOLERANCE = 0.01;

/** An unmetered web VIP: its downloads are the accounting reference (nothing drops them after the edge). */
const WEB = { id: 'web', vip: '10.0.0.102', client: GOLD.client } as const;
const WEB_DOWNLOADS = [500_000, 1_000_000, 1_500_000];

/** Besides the two metered VIPs: a UDP echo service on gold's VIP and an unmetered web VIP (both served by srv1). */
export const EXTRA_DEMO_SERVICES: SiteService[] = [
  { id: 'echo', prefix: `${GOLD.vip}/32`, protocol: 'udp', ports: [ECHO_PORT], policy: 'to-srv1' },
  { id: WEB.id, prefix: `${WEB.vip}/32`, protocol: 'tcp', ports: [80], policy: 'to-srv1' },
];

/** The client's interface counters (the one non-loopback interface of its host). */
async function received(site: Site, client: string): Promise<number> {
  const r = await site.net.cmd(client, 'ip -j -s link show');
  const links = JSON.parse(r.output.slice(r.output.indexOf('['))) as Array<{ ifname: string; stats64: { rx: { bytes: number } } }>;
  return links.find((x) => x.ifname !== 'lo')!.stats64.rx.bytes;
}

async function usageOf(api: string, id: string): Promise<{ fromService: { bytes: number }; toService: { bytes: number }; connections: number }> {
  const res = await fetch(`${api}/v1/services/${id}/usage`, { headers: { authorization: `Bearer ${SITE_API_TOKEN}` } });
  if (!res.ok) throw new Error(`usage of ${id}: HTTP ${res.status}`);
  return (await res.json()) as { fromService: { bytes: number }; toService: { bytes: number }; connections: number };
}

const polled = (): Promise<void> => new Promise((r) => setTimeout(r, 3 * USAGE_POLL_MS));

/**
 * Accounting (issue 12 item 2). The reference: downloads of known sizes from the
 * unmetered web VIP, slr's count from the VIP against the bytes the client's interface
 * received meanwhile. For the two metered VIPs the counts are shown as they are: they
 * are taken at the edge switch, and a meter or the saturated access link drops some of
 * those bytes later, so no client-side figure can match them.
 */
export async function usageSection(site: Site, api: string): Promise<DemoSection> {
  await polled();
  const before = await usageOf(api, WEB.id);
  const rxBefore = await received(site, WEB.client);
  const script = WEB_DOWNLOADS.map((n) => `curl -s -o /dev/null --max-time 30 'http://${WEB.vip}/slow?bytes=${n}&rate=1000000000'`).join('; ');
  await site.net.cmd(WEB.client, script, 120);
  const clientReceived = (await received(site, WEB.client)) - rxBefore;
  await polled();
  const after = await usageOf(api, WEB.id);
  const counted = after.fromService.bytes - before.fromService.bytes;
  const error = Math.abs(counted - clientReceived) / Math.max(1, clientReceived);
  const metered: Record<string, unknown> = {};
  for (const v of [GOLD, BRONZE]) {
    const u = await usageOf(api, v.id);
    metered[v.id] = { vip: v.vip, countedFromVipBytes: u.fromService.bytes, countedToVipBytes: u.toService.bytes, connections: u.connections };
  }
  return {
    value: {
      [WEB.id]: { vip: WEB.vip, downloads: WEB_DOWNLOADS, countedFromVipBytes: counted, clientReceivedBytes: clientReceived, connections: after.connections - before.connections, relativeError: Math.round(error * 10_000) / 10_000 },
      ...metered,
      tolerance: USAGE_TOLERANCE,
    },
    checks: { usageWithinTolerance: clientReceived > 3_000_000 && error <= USAGE_TOLERANCE, usageConnections: after.connections - before.connections === WEB_DOWNLOADS.length },
  };
}

/** UDP (issue 12 item 4): flows of 3 datagrams to the echo service, all answered from the VIP, about one packet-in each. */
export async function udpSection(site: Site): Promise<DemoSection> {
  const before = await controllerPacketIns(site.controller.records);
  const r = await udpFlows(site.net, GOLD.client, `${GOLD.vip}:${ECHO_PORT}`, { flows: UDP_FLOWS, datagrams: 3, size: 200, gapMs: 50, portBase: 30000, out: `${site.dir}/demo-udp.jsonl` });
  const packetIns = (await controllerPacketIns(site.controller.records)) - before;
  const packetInsPerFlow = Math.round((packetIns / UDP_FLOWS) * 1000) / 1000;
  return {
    value: { vip: GOLD.vip, port: ECHO_PORT, flows: r.flows, answered: r.answered, datagramsAnswered: r.datagramsAnswered, fromVip: r.peers[GOLD.vip] ?? 0, packetIns, packetInsPerFlow },
    checks: { udpAllAnswered: r.answered === UDP_FLOWS && r.datagramsAnswered === 3 * UDP_FLOWS, udpFromVip: (r.peers[GOLD.vip] ?? 0) === 3 * UDP_FLOWS, udpPacketInsPerFlow: packetInsPerFlow <= 1.05 },
  };
}

async function put(base: string, path: string, body: unknown): Promise<number> {
  const res = await fetch(base + path, {
    method: 'PUT',
    headers: { authorization: `Bearer ${SITE_API_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.text();
  return res.status;
}

async function main(): Promise<number> {
  let site: Site | undefined;
  try {
    const layout = loadSiteLayout();
    site = await startSite({
      name: 'qos-demo',
      services: [...QOS_SERVICES, ...EXTRA_DEMO_SERVICES],
      agents: [GOLD.server, BRONZE.server],
      udpEchoPort: ECHO_PORT,
      controller: {
        policies: QOS_POLICIES,
        serviceRouting: { accounting: { enabled: true, pollIntervalMs: USAGE_POLL_MS } },
        extra: { ...siteApiSection(), qos: qosSection(layout.edgeDpid) },
      },
    });
    const s = site;
    process.stderr.write(`demo-qos: site up (logs in ${s.dir}); saturating the access link\n`);
    await startIperfServers(s);
    const rec = await s.controller.waitForLog((r) => r.msg === 'API listening', 15_000);
    const api = `http://127.0.0.1:${String(rec.port)}`;
    await waitUntil('four meters on the edge switch', async () => (await meterIds(s, 's2')).length === 4, 20_000);

    const first = await bothSaturated(s, SECONDS);
    const limitStatus = await put(api, `/v1/qos/services/${GOLD.id}`, { class: 'premium', sharePercent: GOLD_SHARE, rateLimitKbps: GOLD_LIMIT_KBPS });
    await waitUntil('gold meters at the limit', async () => (await s.net.ofctl('s2', ['dump-meters'])).includes(`rate=${GOLD_LIMIT_KBPS} `), 10_000);
    const limited = await iperf(s, GOLD.client, GOLD.vip, SECONDS, true);
    const backStatus = await put(api, `/v1/qos/services/${GOLD.id}`, { class: 'premium', sharePercent: GOLD_SHARE });
    const before = JSON.stringify(await meterIds(s, 's2'));
    await s.net.ofctl('s2', ['del-meters']);
    const t0 = Date.now();
    await waitUntil('meters restored', async () => JSON.stringify(await meterIds(s, 's2')) === before, 20_000);
    const restoredMs = Date.now() - t0;
    const again = await bothSaturated(s, SECONDS);

    const ratio = (g: number, b: number): number => Math.round((g / Math.max(1, b)) * 100) / 100;
    const shares = {
      linkKbps: LINK_KBPS,
      [GOLD.id]: { vip: GOLD.vip, class: 'premium', configuredPercent: GOLD_SHARE, configuredKbps: (LINK_KBPS * GOLD_SHARE) / 100, measuredKbps: first.gold.kbps, measuredAfterMeterLossKbps: again.gold.kbps },
      [BRONZE.id]: { vip: BRONZE.vip, class: 'best-effort', configuredPercent: BRONZE_SHARE, configuredKbps: (LINK_KBPS * BRONZE_SHARE) / 100, measuredKbps: first.bronze.kbps, measuredAfterMeterLossKbps: again.bronze.kbps },
      configuredRatio: GOLD_SHARE / BRONZE_SHARE,
      measuredRatio: ratio(first.gold.kbps, first.bronze.kbps),
      measuredRatioAfterMeterLoss: ratio(again.gold.kbps, again.bronze.kbps),
      rateLimit: { vip: GOLD.vip, direction: 'from-vip', limitKbps: GOLD_LIMIT_KBPS, measuredKbps: limited.kbps },
      metersRestoredInMs: restoredMs,
    };
    const within = (r: number): boolean => Math.abs(r - 2) / 2 <= RATIO_TOLERANCE;
    const usage = await usageSection(s, api);
    const udp = await udpSection(s);
    const checks: Record<string, boolean> = {
      iperfRan: first.gold.ok && first.bronze.ok && limited.ok && again.gold.ok && again.bronze.ok,
      sharesHoldRatio: within(shares.measuredRatio),
      rateLimitHeld: limitStatus === 200 && backStatus === 200 && limited.kbps <= GOLD_LIMIT_KBPS * (1 + LIMIT_TOLERANCE),
      sharesBackAfterMeterLoss: within(shares.measuredRatioAfterMeterLoss),
      ...usage.checks,
      ...udp.checks,
    };
    const ok = Object.values(checks).every(Boolean);
    const summary = { ok, shares, usage: usage.value, udp: udp.value, tolerance: { ratio: RATIO_TOLERANCE, rateLimit: LIMIT_TOLERANCE }, checks, logs: s.dir };
    process.stdout.write(`SUMMARY ${JSON.stringify(summary)}\n`);
    return ok ? 0 : 1;
  } catch (err) {
    process.stdout.write(`SUMMARY ${JSON.stringify({ ok: false, error: err instanceof Error ? err.message : String(err) })}\n`);
    return 1;
  } finally {
    await site?.stop();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`demo-qos: ${String(err)}\n`);
      process.exit(1);
    },
  );
}
