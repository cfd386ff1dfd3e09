import { expectCleanError, makeHarness, READ_TOKEN, type Harness } from './fixture';
import { parseIpv4Address } from '../../../controller/net';
import type { DatapathInfo } from '../../../controller/events';
import { agentPeers } from '../../../northbound-api/adapter/agent-peers';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
  const now = Date.now();
  h.store.reportLoad({ subnet: '10.0.0.100/32', targetId: 'srv1', load: 5, reportedAt: now });
  h.store.reportLoad({ subnet: '10.0.0.100/32', targetId: 'srv2', load: 2, reportedAt: now });
  h.engine.updateTable();
});
afterEach(async () => {
  await h.app.close();
  h.services.close();
});

const query = { client: '10.9.0.1', clientPort: 4242, vip: '10.0.0.100', vipPort: 80 };

describe('POST /v1/simulate', () => {
  it('names the target a new connection would get and each candidate\'s load, cost and metric', async () => {
    const res = await h.call('POST', '/v1/simulate', query, { token: READ_TOKEN });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ serviceId: 'web', pinnedTarget: null, chosen: 'srv2', reason: 'lowest-metric', policy: 'least' });
    expect(r.candidates).toEqual([
      expect.objectContaining({ targetId: 'srv1', eligible: true, reportedLoad: 5, estimatedLoad: 5, cost: 0, metric: 5 }),
      expect.objectContaining({ targetId: 'srv2', eligible: true, reportedLoad: 2, estimatedLoad: 2, cost: 5, metric: 2 }),
    ]);
  });

  it('changes nothing: repeated simulations agree with the next real decision', async () => {
    const a = (await h.call('POST', '/v1/simulate', query)).json();
    const b = (await h.call('POST', '/v1/simulate', query)).json();
    expect(b).toEqual(a);
    expect(b.candidates.every((c: { assignedSinceReport: number }) => c.assignedSinceReport === 0)).toBe(true);
    const service = h.catalog.service('web');
    expect(h.engine.decide(service!, parseIpv4Address('10.9.0.1')!, 4242).target?.id).toBe(a.chosen);
  });

  it('follows a drain at once, while a pinned connection keeps its target', async () => {
    h.pins.claim({ proto: 6, srcIp: parseIpv4Address('10.9.0.7')!, srcPort: 5000, dstIp: parseIpv4Address('10.0.0.100')!, dstPort: 80 }, 'srv2', 1n, 1);
    await h.call('PATCH', '/v1/targets/srv2', { adminState: 'draining' });
    const fresh = (await h.call('POST', '/v1/simulate', query)).json();
    expect(fresh).toMatchObject({ chosen: 'srv1' });
    expect(fresh.candidates[1]).toMatchObject({ targetId: 'srv2', adminState: 'draining', eligible: false });
    const pinned = (await h.call('POST', '/v1/simulate', { ...query, client: '10.9.0.7', clientPort: 5000 })).json();
    expect(pinned).toMatchObject({ pinnedTarget: 'srv2', chosen: 'srv2', reason: 'pinned' });
  });

  it('says when the destination is not a VIP', async () => {
    const r = (await h.call('POST', '/v1/simulate', { ...query, vipPort: 81 })).json();
    expect(r).toMatchObject({ serviceId: null, chosen: null, reason: 'not-a-vip', candidates: [] });
    const u = (await h.call('POST', '/v1/simulate', { ...query, protocol: 'udp' })).json();
    expect(u.serviceId).toBeNull();
  });

  it('reports no eligible target when every one is disabled', async () => {
    await h.call('PATCH', '/v1/targets/srv1', { adminState: 'disabled' });
    await h.call('PATCH', '/v1/targets/srv2', { adminState: 'disabled' });
    expect((await h.call('POST', '/v1/simulate', query)).json()).toMatchObject({ serviceId: 'web', chosen: null, reason: 'no-eligible-target' });
  });

  it.each([
    ['string port', { ...query, clientPort: '4242' }, '/clientPort'],
    ['missing vip', { client: '10.9.0.1', clientPort: 1, vipPort: 80 }, '/vip'],
    ['unknown field', { ...query, dscp: 1 }, '/dscp'],
    ['vip port 0', { ...query, vipPort: 0 }, '/vipPort'],
  ])('rejects %s', async (_n, body, field) => {
    const e = expectCleanError(await h.call('POST', '/v1/simulate', body), 400, 'VALIDATION_FAILED');
    expect(e.problems?.[0].field).toBe(field);
  });
});

function datapath(dpid: bigint, up: boolean): DatapathInfo {
  const port = { portNo: 1, hwAddr: '02:00:00:00:00:01', name: 's1-eth1', config: 0, state: 0, curr: 0, advertised: 0, supported: 0, peer: 0, currSpeed: 10_000_000, maxSpeed: 0 };
  return { dpid, dpidHex: dpid.toString(16).padStart(16, '0'), nTables: 254, remote: '127.0.0.1:50000', ports: new Map([[1, port]]), up };
}

describe('status', () => {
  it('lists switches and gets one by any dpid spelling', async () => {
    h.datapaths.entries.push(datapath(2n, false), datapath(1n, true));
    const list = (await h.call('GET', '/v1/switches')).json().items;
    expect(list.map((s: { dpid: string; up: boolean }) => [s.dpid, s.up])).toEqual([['0000000000000001', true], ['0000000000000002', false]]);
    for (const id of ['0000000000000001', '0x1', '00:00:00:00:00:00:00:01', '1']) {
      const res = await h.call('GET', `/v1/switches/${id}`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ dpid: '0000000000000001', ports: [{ portNo: 1, name: 's1-eth1', up: true }] });
    }
    expectCleanError(await h.call('GET', '/v1/switches/0x9'), 404);
    expectCleanError(await h.call('GET', '/v1/switches/zz'), 400);
  });

  it('health needs no token and reports store, switches and pins', async () => {
    h.datapaths.entries.push(datapath(1n, true), datapath(2n, false));
    const res = await h.call('GET', '/v1/health', undefined, { token: null });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', store: { kind: 'memory', connected: true }, switches: { connected: 1, known: 2, ingress: [] }, pins: 0, stateGeneration: 1, problems: [] });
    expect(res.json().version).toMatch(/^[0-9]+\.[0-9]+\.[0-9]+/);
  });

  it('levels show the advertised load per subnet (G over eligible reported targets); peers are empty for now', async () => {
    const lv = (await h.call('GET', '/v1/levels')).json().items;
    expect(lv).toEqual([{ name: 'site', targetKind: 'server', services: 1, targets: 3, subnets: [{ subnet: '10.0.0.100/32', aggregation: 'mean', load: 3.5 }] }]);
    expect((await h.call('GET', '/v1/peers')).json()).toEqual({ items: [] });
  });
});

describe('peers from the agent registry', () => {
  it('lists registered agents, reporting or not, sorted by id', async () => {
    const views = new Map([
      ['srv2', { peer: { id: 'srv2', kind: 'server' as const, ip: '10.0.3.2', mac: '00:00:00:00:03:02', subnets: [], ports: {} }, registeredAt: 1, lastReportAt: 5 }],
      ['srv1', { peer: { id: 'srv1', kind: 'server' as const, ip: '10.0.3.1', mac: '00:00:00:00:03:01', subnets: [], ports: {} }, registeredAt: 1, lastReportAt: undefined }],
    ]);
    const peers = agentPeers({ liveIds: () => [...views.keys()], get: (id) => views.get(id) });
    expect(peers()).toEqual([
      { id: 'srv1', kind: 'server-agent', address: '10.0.3.1', state: 'registered' },
      { id: 'srv2', kind: 'server-agent', address: '10.0.3.2', state: 'reporting' },
    ]);
  });
});
