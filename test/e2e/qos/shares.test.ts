// Bandwidth shares per VIP, enforced by OpenFlow meters on the site edge: two VIPs with
// shares 2:1 of one access link, both saturated with iperf3, hold the ratio; a VIP with
// a rate limit never exceeds it (measured in the direct-return direction, traffic with
// the VIP as source); after the switch lost its meters (ovs-ofctl del-meters) the audit
// puts them back and the ratio holds again; bad inputs through the REST API are refused
// naming their field, and nothing changes.
import { startSite, type Site } from '../../support/site-harness';
import { loadSiteLayout } from '../../support/site-config';
import { siteApiSection, SITE_API_TOKEN } from '../../support/site-api';
import { waitUntil } from '../../support/site-logs';
import {
  bothSaturated, BRONZE, GOLD, GOLD_SHARE, iperf, LINK_KBPS, meterIds, QOS_POLICIES, QOS_SERVICES, qosSection, startIperfServers,
} from '../../support/qos-shares';

/** Allowed deviation of the measured gold:bronze ratio from 2, relative. */
const RATIO_TOLERANCE = 0.2;
/** A rate-limited VIP may exceed its limit by at most this fraction (burst allowance and measurement). */
const LIMIT_TOLERANCE = 0.1;
const SECONDS = 6;

let site: Site;
/** The site edge switch as the controller's log names datapaths (topologies/site.json). */
const S2_DPID = '0000000000000102';
let apiBase = '';

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { authorization: `Bearer ${SITE_API_TOKEN}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(apiBase + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

interface Problem { field: string; reason: string }
const problemsOf = (b: Record<string, unknown>): Problem[] => ((b.error as { problems?: Problem[] } | undefined)?.problems ?? []);

beforeAll(async () => {
  site = await startSite({
    name: 'qos-shares',
    services: QOS_SERVICES,
    agents: [GOLD.server, BRONZE.server],
    controller: { policies: QOS_POLICIES, extra: { ...siteApiSection(), qos: qosSection(loadSiteLayout().edgeDpid) } },
  });
  await startIperfServers(site);
  const rec = await site.controller.waitForLog((r) => r.msg === 'API listening', 15_000);
  apiBase = `http://127.0.0.1:${String(rec.port)}`;
}, 180_000);

afterAll(async () => {
  await site?.stop();
});

function report(what: string, gold: number, bronze: number): number {
  const ratio = gold / Math.max(1, bronze);
  process.stdout.write(`qos: ${what}: gold ${gold} kbit/s, bronze ${bronze} kbit/s, ratio ${ratio.toFixed(2)}\n`);
  return ratio;
}

it('puts one meter per VIP and direction on the edge switch, at share x link rate', async () => {
  await waitUntil('four meters on s2', async () => (await meterIds(site, 's2')).length === 4, 20_000);
  const meters = await site.net.ofctl('s2', ['dump-meters']);
  expect(meters).toContain(`rate=${(LINK_KBPS * GOLD_SHARE) / 100}`);
  const flows = await site.net.ofctl('s2', ['dump-flows', 'table=0']);
  expect(flows).toMatch(/nw_dst=10\.0\.0\.100 actions=meter:\d+,goto_table:3/);
  expect(flows).toMatch(/nw_src=10\.0\.0\.100 actions=meter:\d+,goto_table:3/);
});

it(`holds the 2:1 shares of the access link with both VIPs saturated (ratio within ${RATIO_TOLERANCE * 100}%)`, async () => {
  const r = await bothSaturated(site, SECONDS);
  expect(r.gold.ok && r.bronze.ok).toBe(true);
  const ratio = report('shares 2:1 (to the VIPs)', r.gold.kbps, r.bronze.kbps);
  expect(Math.abs(ratio - 2) / 2).toBeLessThanOrEqual(RATIO_TOLERANCE);
  // Neither exceeds its metered rate.
  expect(r.gold.kbps).toBeLessThanOrEqual(LINK_KBPS * 0.5 * (1 + LIMIT_TOLERANCE));
  expect(r.bronze.kbps).toBeLessThanOrEqual(LINK_KBPS * 0.25 * (1 + LIMIT_TOLERANCE));
});

it(`keeps a rate-limited VIP under its limit (+${LIMIT_TOLERANCE * 100}%) in the direct-return direction`, async () => {
  const limit = 4000;
  const put = await api('PUT', `/v1/qos/services/${GOLD.id}`, { class: 'premium', sharePercent: GOLD_SHARE, rateLimitKbps: limit });
  expect(put.status).toBe(200);
  expect(put.body.rateKbps).toBe(limit);
  await waitUntil('the gold meters at the limit', async () => (await site.net.ofctl('s2', ['dump-meters'])).includes(`rate=${limit} `), 10_000);
  const r = await iperf(site, GOLD.client, GOLD.vip, SECONDS, true);
  expect(r.ok).toBe(true);
  process.stdout.write(`qos: gold limited to ${limit} kbit/s, from the VIP: ${r.kbps} kbit/s\n`);
  expect(r.kbps).toBeLessThanOrEqual(limit * (1 + LIMIT_TOLERANCE));
  expect(r.kbps).toBeGreaterThan(limit * 0.3);
  const back = await api('PUT', `/v1/qos/services/${GOLD.id}`, { class: 'premium', sharePercent: GOLD_SHARE });
  expect(back.status).toBe(200);
  expect(back.body.rateKbps).toBe((LINK_KBPS * GOLD_SHARE) / 100);
});

it('gives the shares back after the switch lost its meters', async () => {
  const before = await meterIds(site, 's2');
  const deletedAt = Date.now();
  await site.net.ofctl('s2', ['del-meters']);
  // No look at the empty table here: the repair can beat it (deleting the meters deletes
  // the flows using them, and the FLOW_REMOVED makes recovery reconcile s2 within
  // milliseconds). That the meters were gone is shown below by the reconciliation that
  // had to add them again.
  await waitUntil('meters restored by the audit', async () => JSON.stringify(await meterIds(site, 's2')) === JSON.stringify(before), 15_000);
  // A reconciliation of s2 put them back. Which audit gets there first is a race: the
  // qos app's own (meters differ), or recovery's (Open vSwitch deleted the flows that
  // used the meters with them), whose whole-switch reconciliation restores meters too;
  // so the test asks the controller's log for the reconciliation, not one app's counter.
  const restoring = site.controller.records.filter((r) => r.msg === 'reconciled' && r.dpidHex === S2_DPID && Number(r.time) >= deletedAt
    && ((r.meters as { added?: number } | undefined)?.added ?? 0) > 0);
  expect(restoring.length).toBeGreaterThan(0);
  const r = await bothSaturated(site, SECONDS);
  expect(r.gold.ok && r.bronze.ok).toBe(true);
  const ratio = report('shares 2:1 after del-meters', r.gold.kbps, r.bronze.kbps);
  expect(Math.abs(ratio - 2) / 2).toBeLessThanOrEqual(RATIO_TOLERANCE);
});

describe('bad inputs: 4xx naming the field, nothing changes', () => {
  const cases: Array<[string, Record<string, unknown>, number, string]> = [
    ['a share above 100%', { sharePercent: 150 }, 400, '/sharePercent'],
    ['a negative rate', { rateLimitKbps: -5 }, 400, '/rateLimitKbps'],
    ['a class that does not exist', { class: 'platinum', sharePercent: 10 }, 422, '/class'],
    ['a link that does not exist', { link: 'uplink9', sharePercent: 10 }, 422, '/link'],
  ];
  it.each(cases)('refuses %s', async (_what, body, status, field) => {
    const before = (await api('GET', '/v1/qos')).body;
    const metersBefore = await site.net.ofctl('s2', ['dump-meters']);
    const r = await api('PUT', `/v1/qos/services/${BRONZE.id}`, body);
    expect(r.status).toBe(status);
    expect(problemsOf(r.body).map((p) => p.field)).toContain(field);
    const after = (await api('GET', '/v1/qos')).body;
    expect({ ...after, counters: null }).toEqual({ ...before, counters: null });
    expect((await site.net.ofctl('s2', ['dump-meters'])).replace(/duration:\S+|\d+ (packets|bytes)|packet_in_count:\d+|byte_in_count:\d+|flow_count:\d+|packet_count:\d+|byte_count:\d+/g, ''))
      .toEqual(metersBefore.replace(/duration:\S+|\d+ (packets|bytes)|packet_in_count:\d+|byte_in_count:\d+|flow_count:\d+|packet_count:\d+|byte_count:\d+/g, ''));
  });

  it('refuses a service that does not exist with 404', async () => {
    const r = await api('PUT', '/v1/qos/services/nosuch', { sharePercent: 10 });
    expect(r.status).toBe(404);
    expect(problemsOf(r.body).map((p) => p.field)).toContain('/id');
  });
});
