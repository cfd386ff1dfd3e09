// The QoS demo (scripts/demo-qos.sh runs the compiled file): the host site with two VIPs
// holding different shares of the access link (gold 50%, bronze 25%: 2:1), both
// saturated at once with iperf3 from their own clients, then gold rate-limited through
// the REST API and measured from the VIP (the direct-return direction), then the edge
// switch loses its meters and the shares are measured again once the qos app has put
// them back. Ends with one line `SUMMARY {json}` holding `shares` (per VIP: configured
// and measured), `usage` and `udp` (filled by the hooks below once accounting and UDP
// services are wired in; null until then) and `checks`; exit 1 if a check failed.
import { startSite, type Site } from './site-harness';
import { loadSiteLayout, type SiteService } from './site-config';
import { siteApiSection, SITE_API_TOKEN } from './site-api';
import { waitUntil } from './site-logs';
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

/** Services the demo adds to the two metered VIPs (hook: the UDP service of issue 12 item 4 goes here). */
export const EXTRA_DEMO_SERVICES: SiteService[] = [];

/** Hook for accounting (issue 12 item 2): per VIP, bytes counted by slr and bytes the clients received. */
export async function usageSection(_site: Site): Promise<DemoSection | undefined> {
  return undefined;
}

/** Hook for UDP services (issue 12 item 4): flows, answered, packetInsPerFlow. */
export async function udpSection(_site: Site): Promise<DemoSection | undefined> {
  return undefined;
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
      controller: { policies: QOS_POLICIES, extra: { ...siteApiSection(), qos: qosSection(layout.edgeDpid) } },
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
    const usage = await usageSection(s);
    const udp = await udpSection(s);
    const checks: Record<string, boolean> = {
      iperfRan: first.gold.ok && first.bronze.ok && limited.ok && again.gold.ok && again.bronze.ok,
      sharesHoldRatio: within(shares.measuredRatio),
      rateLimitHeld: limitStatus === 200 && backStatus === 200 && limited.kbps <= GOLD_LIMIT_KBPS * (1 + LIMIT_TOLERANCE),
      sharesBackAfterMeterLoss: within(shares.measuredRatioAfterMeterLoss),
      ...(usage?.checks ?? {}),
      ...(udp?.checks ?? {}),
    };
    const ok = Object.values(checks).every(Boolean);
    const summary = { ok, shares, usage: usage?.value ?? null, udp: udp?.value ?? null, tolerance: { ratio: RATIO_TOLERANCE, rateLimit: LIMIT_TOLERANCE }, checks, logs: s.dir };
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
