// Server death on real Open vSwitch (topologies/site.json, real agents running their
// active health check, real HTTP servers, a real Redis): a server whose service stops
// answering while its agent lives on is out of new decisions within a few probe
// intervals (its agent reports the subnet unhealthy at once), and back once it answers
// again; and a service whose servers all fail their check is in panic: all of them keep
// serving, rather than none. The time from the kill to the SLR's verdict is printed.
import { startSite, type Site } from '../../support/site-harness';
import { siteApi, siteApiSection, type SiteApi } from '../../support/site-api';
import { waitUntil } from '../../support/site-logs';
import { controllerMetrics, fetchMany } from '../../support/site-traffic';
import { metricValue } from '../../support/hierarchy-harness';

const WEB = '10.0.0.100';
const WEB_SUBNET = '10.0.0.100/32';
const SERVERS = ['srv1', 'srv2', 'srv3'];
const CHECK = { enabled: true, intervalMs: 250, timeoutMs: 200, failuresToDown: 2, successesToUp: 2 };

let site: Site;
let api: SiteApi;

beforeAll(async () => {
  site = await startSite({ name: 'site-server-death', reportIntervalMs: 500, agentExtra: { healthCheck: CHECK }, controller: { extra: siteApiSection() } });
  api = await siteApi(site.controller);
}, 180_000);

afterAll(async () => {
  await site?.stop();
});

/** Controller log lines about one server's health for the web VIP, logged at or after `since`. */
function healthLines(msg: RegExp, server: string, since: number): Array<Record<string, unknown>> {
  return site.controller.records.filter((r) => typeof r.msg === 'string' && msg.test(r.msg) && r.id === server && r.subnet === WEB_SUBNET && Number(r.time) >= since);
}

interface Simulated { chosen: string | null; panic: boolean; candidates: Array<{ targetId: string; healthy: boolean; eligible: boolean }> }
const simulate = (): Promise<Simulated> => api.create<Simulated>('/v1/simulate', { client: '10.0.1.1', clientPort: 40000, vip: WEB, vipPort: 80 });

describe('a server whose service dies while its agent lives', () => {
  it('is out of new decisions once its agent\'s check fails, and back once its service answers again', async () => {
    const before = await fetchMany(site.net, 'c1', `http://${WEB}/`, { count: 30, concurrency: 3, sourcePortBase: 22000 });
    expect(before.succeeded).toBe(30);
    expect(before.byServer.srv1 ?? 0).toBeGreaterThan(0);

    const killedAt = Date.now();
    await site.stopHttp('srv1');
    await waitUntil('the SLR to hear that srv1 fails its check', () => healthLines(/fails its health check/, 'srv1', killedAt).length > 0, 10_000, 50);
    const verdictMs = Number(healthLines(/fails its health check/, 'srv1', killedAt)[0]!.time) - killedAt;
    process.stdout.write(`server-death: srv1 out of new decisions ${verdictMs} ms after its HTTP server was killed (probe every ${CHECK.intervalMs} ms, ${CHECK.failuresToDown} failures)\n`);

    const sim = await simulate();
    expect(sim.panic).toBe(false);
    expect(sim.candidates.find((c) => c.targetId === 'srv1')).toMatchObject({ healthy: false, eligible: false });
    expect(metricValue(await controllerMetrics(site.controller.records), 'slr_level_unhealthy_targets', { subnet: WEB_SUBNET, target: 'srv1' })).toBe(1);
    // Every new connection succeeds, on the two servers that answer.
    const during = await fetchMany(site.net, 'c1', `http://${WEB}/`, { count: 60, concurrency: 3, sourcePortBase: 22100 });
    expect(during.errors).toEqual({});
    expect(during.succeeded).toBe(60);
    expect(Object.keys(during.byServer).sort()).toEqual(['srv2', 'srv3']);

    const restartedAt = Date.now();
    await site.startHttp('srv1');
    await waitUntil('the SLR to hear that srv1 is healthy again', () => healthLines(/healthy again/, 'srv1', restartedAt).length > 0, 10_000, 50);
    await waitUntil('srv1 to be chosen again', async () => (await simulate()).chosen === 'srv1', 10_000, 100);
    const after = await fetchMany(site.net, 'c1', `http://${WEB}/`, { count: 60, concurrency: 3, sourcePortBase: 22200 });
    expect(after.succeeded).toBe(60);
    expect(after.byServer.srv1 ?? 0).toBeGreaterThan(0);
  }, 90_000);
});

describe('panic', () => {
  it('never ejects every server: with all three failing their check, the service is in panic and all of them serve', async () => {
    // The agents come back checking a port nothing listens on: the service itself
    // answers, and every check fails (the shared-dependency failure panic exists for).
    const restartedAt = Date.now();
    for (const s of SERVERS) {
      await site.stopAgent(s, 'TERM');
      await site.startAgent(s, { extra: { healthCheck: { ...CHECK, port: 8099 } } });
    }
    await waitUntil('all three servers to report failing their check', () => SERVERS.every((s) => healthLines(/fails its health check/, s, restartedAt).length > 0), 15_000, 100);
    const sim = await simulate();
    expect(sim.panic).toBe(true);
    expect(sim.candidates.filter((c) => SERVERS.includes(c.targetId)).map((c) => [c.targetId, c.healthy, c.eligible])).toEqual(SERVERS.map((s) => [s, false, true]));
    const metrics = await controllerMetrics(site.controller.records);
    expect(metricValue(metrics, 'slr_level_services_in_panic', { service: 'web' })).toBe(1);
    const r = await fetchMany(site.net, 'c1', `http://${WEB}/`, { count: 60, concurrency: 3, sourcePortBase: 22300 });
    expect(r.errors).toEqual({});
    expect(r.succeeded).toBe(60);
    expect(Object.keys(r.byServer).sort()).toEqual(SERVERS);
  }, 90_000);
});
