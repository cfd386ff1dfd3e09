// A long-lived transfer keeps running, unbroken, while the site changes under it: a
// spare server is added (its agent says hello and joins the services), another server
// is drained through the REST API (adminState draining), the service's policy is
// changed through the API, and finally the server carrying the transfer is drained by
// its agent saying goodbye (out of new decisions; its VIP routes stay while its pinned
// connection lives). New connections follow each change.
import { existsSync, readFileSync } from 'node:fs';
import { siteApi, siteApiSection, type SiteApi } from '../../support/site-api';
import { startSite, type Site } from '../../support/site-harness';
import { servedRequests, sleep, waitUntil } from '../../support/site-logs';
import { fetchMany } from '../../support/site-traffic';

const REPORT_MS = 500;
const TABLE_MS = 200;
const WEB = '10.0.0.100';
const BYTES = 3_000_000;
const RATE = 200_000; // 15 s of transfer

let site: Site;
let api: SiteApi;

beforeAll(async () => {
  site = await startSite({ name: 'site-runtime-changes', reportIntervalMs: REPORT_MS, controller: { tableUpdateIntervalMs: TABLE_MS, extra: siteApiSection() } });
  api = await siteApi(site.controller);
}, 180_000);

afterAll(async () => {
  await site?.stop();
});

async function waitUntilAsync(what: string, ok: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const controllerSaid = (msg: string, serverId: string): boolean => site.controller.records.some((r) => r.msg === msg && r.id === serverId);

describe('changes at run time under a long-lived transfer', () => {
  it('keeps a slow download unbroken while a server is added, another drained, the policy changed and its own server drained', async () => {
    const url = `http://${WEB}/slow?bytes=${BYTES}&rate=${RATE}`;
    const dl = await site.net.bg('c1', `exec curl -s -o /dev/null --max-time 60 -w 'RESULT %{http_code} %{size_download} %{remote_ip}\\n' '${url}'`);
    let carrier = '';
    await waitUntil('the download to start on a server', () => {
      for (const id of ['srv1', 'srv2', 'srv3']) {
        if (servedRequests(site.httpLogs.get(id)!).some((r) => r.event === 'slow-start' && r.client === '10.0.1.1')) carrier = id;
      }
      return carrier !== '';
    }, 15_000);
    const other = ['srv1', 'srv2', 'srv3'].find((id) => id !== carrier)!;

    // 1. A spare joins: its agent registers and reports, new connections reach it.
    await site.startAgent('srv4');
    await waitUntil('srv4 registered', () => controllerSaid('peer registered', 'srv4'), 10_000);
    // The site requires a load report before a server takes connections, and the first
    // report of a fresh server carries its agent's start-up CPU, so least-load may rightly
    // pass it over for an interval or two. Wait until the SLR would choose srv4 for a new
    // connection (checked with /simulate), then prove real connections reach it.
    await waitUntilAsync('the SLR to choose srv4 for new connections', async () => {
      const sim = await api.create<{ chosen: string | null }>('/v1/simulate',
        { client: '10.0.2.1', clientPort: 40000, vip: WEB, vipPort: 80 });
      return sim.chosen === 'srv4';
    }, 15_000);
    const withSpare = await fetchMany(site.net, 'c2', `http://${WEB}/`, { count: 60, concurrency: 2 });
    expect(withSpare.succeeded).toBe(60);
    expect(withSpare.byServer.srv4 ?? 0).toBeGreaterThan(0);

    // 2. Another server is drained by the operator: no new connections for it.
    const drained = await api.change<{ adminState: string }>('PATCH', `/v1/targets/${other}`, { adminState: 'draining' });
    expect(drained.adminState).toBe('draining');
    // Bursts that check where new decisions go use client ports no earlier connection used:
    // a reused port would rightly ride its earlier connection's pin (60 s idle timeout).
    const afterDrain = await fetchMany(site.net, 'c2', `http://${WEB}/`, { count: 60, concurrency: 2, sourcePortBase: 21000 });
    expect(afterDrain.succeeded).toBe(60);
    expect(afterDrain.byServer[other] ?? 0).toBe(0);

    // 3. The policy changes: c2's prefix now goes to the spare only.
    await api.create('/v1/policies', { name: 'to-spare', type: 'affinity', base: 'least-load', rules: [{ clientPrefix: '10.0.2.0/24', targets: ['srv4'] }] });
    const web = await api.get<Record<string, unknown>>('/v1/services/web');
    await api.change('PUT', '/v1/services/web', { ...web, policy: 'to-spare' });
    await sleep(TABLE_MS + 100);
    const afterPolicy = await fetchMany(site.net, 'c2', `http://${WEB}/`, { count: 40, concurrency: 2, sourcePortBase: 21100 });
    expect(afterPolicy.byServer).toEqual({ srv4: 40 });

    // 4. The carrier itself is drained by its agent: goodbye, then no new connections.
    await site.stopAgent(carrier, 'TERM');
    await waitUntil(`${carrier} deregistered`, () => controllerSaid('peer deregistered', carrier), 10_000);
    const afterGoodbye = await fetchMany(site.net, 'c1', `http://${WEB}/`, { count: 40, concurrency: 2, sourcePortBase: 21200 });
    expect(afterGoodbye.succeeded).toBe(40);
    expect(afterGoodbye.byServer[carrier] ?? 0).toBe(0);

    // The download ran through all four changes and finishes whole, from the VIP.
    expect((await site.net.bgStatus(dl.pid)).running).toBe(true);
    await waitUntil('the download to finish', async () => !(await site.net.bgStatus(dl.pid)).running, 45_000, 250);
    const out = existsSync(dl.log) ? readFileSync(dl.log, 'utf8') : '';
    expect(out).toContain(`RESULT 200 ${BYTES} ${WEB}`);
    const log = servedRequests(site.httpLogs.get(carrier)!);
    const done = log.filter((r) => r.event === 'slow-done' && r.client === '10.0.1.1');
    expect(done).toHaveLength(1);
    expect((done[0] as unknown as { sent: number }).sent).toBe(BYTES);
    expect(log.some((r) => r.event === 'slow-aborted')).toBe(false);
  });
});
