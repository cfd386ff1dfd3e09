// GET /v1/health says "degraded" for each thing that stops new connections from being
// placed, and names it: an ingress switch not connected, the store unreachable, a
// service with no eligible target. Real catalog, engine and pins behind the real adapter.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatapathInfo } from '../../../controller/events';
import type { StoreStats } from '../../../controller/store/types';
import { makeHarness, type Harness } from './fixture';

function datapath(dpid: bigint, up: boolean): DatapathInfo {
  return { dpid, dpidHex: dpid.toString(16).padStart(16, '0'), nTables: 254, remote: '127.0.0.1:50000', ports: new Map(), up };
}

let h: Harness;
let storeUp = true;
beforeEach(async () => {
  storeUp = true;
  h = await makeHarness({}, undefined, { ingressDpids: [1n, 0x2an] });
  // The memory store is always reachable; an outage is what a Redis store reports.
  const stats = h.store.stats.bind(h.store);
  h.store.stats = (): StoreStats => ({ ...stats(), kind: 'redis', connected: storeUp });
  h.datapaths.entries.push(datapath(1n, true), datapath(0x2an, true));
});
afterEach(async () => {
  await h.app.close();
  h.services.close();
});

interface HealthBody {
  status: string;
  problems: Array<{ component: string; id: string; message: string }>;
  [field: string]: unknown;
}
const health = async (): Promise<HealthBody> => (await h.call('GET', '/v1/health', undefined, { token: null })).json() as HealthBody;

describe('GET /v1/health', () => {
  it('is ok with both ingress switches up, the store reachable and an eligible target for every service', async () => {
    const body = await health();
    expect(body).toMatchObject({
      status: 'ok',
      problems: [],
      switches: { connected: 2, known: 2, ingress: [{ dpid: '0000000000000001', connected: true }, { dpid: '000000000000002a', connected: true }] },
      services: { total: 1, withoutEligibleTarget: [] },
    });
  });

  it('says which ingress switch is down, also one that never connected', async () => {
    h.datapaths.entries[1] = datapath(0x2an, false);
    let body = await health();
    expect(body.status).toBe('degraded');
    expect(body.problems).toEqual([{ component: 'switch', id: '000000000000002a', message: 'ingress switch 000000000000002a is not connected' }]);
    h.datapaths.entries.length = 0;
    body = await health();
    expect(body.problems.map((p) => p.id)).toEqual(['0000000000000001', '000000000000002a']);
    expect(body.switches).toMatchObject({ connected: 0, known: 0 });
  });

  it('says the store is unreachable', async () => {
    storeUp = false;
    const body = await health();
    expect(body).toMatchObject({ status: 'degraded', problems: [{ component: 'store', id: 'redis', message: 'store redis is unreachable' }] });
  });

  it('names a service whose targets are all drained or disabled, and why each is not eligible', async () => {
    await h.call('PATCH', '/v1/targets/srv1', { adminState: 'draining' });
    expect((await health()).status).toBe('ok');
    await h.call('PATCH', '/v1/targets/srv2', { adminState: 'disabled' });
    const body = await health();
    expect(body).toMatchObject({
      status: 'degraded',
      services: { total: 1, withoutEligibleTarget: ['web'] },
      problems: [{ component: 'service', id: 'web', message: 'service web has no eligible target (srv1 draining, srv2 disabled)' }],
    });
    await h.call('PATCH', '/v1/targets/srv2', { adminState: 'enabled' });
    expect(await health()).toMatchObject({ status: 'ok', problems: [] });
  });

  it('lists every cause at once, and reports the version of package.json', async () => {
    storeUp = false;
    h.datapaths.entries.length = 0;
    await h.call('PATCH', '/v1/targets/srv1', { adminState: 'disabled' });
    await h.call('PATCH', '/v1/targets/srv2', { adminState: 'disabled' });
    const body = await health();
    expect(body.problems.map((p) => p.component)).toEqual(['switch', 'switch', 'store', 'service']);
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as { version: string };
    expect(body.version).toBe(pkg.version);
  });
});
