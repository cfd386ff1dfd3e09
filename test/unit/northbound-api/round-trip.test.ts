// What GET returns can be edited and PUT back as it is: the read-only fields (version,
// kind, pinnedConnections) are accepted, and a version in the body works like If-Match.
import { parseIpv4Address } from '../../../controller/net';
import { expectCleanError, makeHarness, type Harness } from './fixture';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(async () => {
  await h.app.close();
  h.services.close();
});

describe('GET, edit, PUT', () => {
  it.each([
    ['/v1/targets/srv1', (o: Record<string, unknown>) => ({ ...o, weight: 5 }), (hh: Harness) => hh.catalog.target('srv1')?.weight, 5],
    ['/v1/services/web', (o: Record<string, unknown>) => ({ ...o, ports: [80, 81] }), (hh: Harness) => hh.catalog.service('web')?.spec.ports, [80, 81]],
    ['/v1/policies/least', (o: Record<string, unknown>) => ({ ...o, aggregation: 'min' }), (hh: Harness) => hh.services.routing.current().settings.least, { aggregation: 'min' }],
  ])('%s', async (url, edit, read, expected) => {
    const got = (await h.call('GET', url)).json() as Record<string, unknown>;
    const res = await h.call('PUT', url, edit(got));
    expect(res.statusCode).toBe(200);
    expect(read(h)).toEqual(expected);
    // The same body again carries a version that is now stale.
    const before = await h.snapshot();
    const e = expectCleanError(await h.call('PUT', url, edit(got)), 412, 'PRECONDITION_FAILED');
    expect(e.problems?.[0]).toMatchObject({ field: '/version', in: 'body' });
    expect(await h.snapshot()).toEqual(before);
  });

  it('a service kind that contradicts its prefix is refused', async () => {
    const got = (await h.call('GET', '/v1/services/web')).json() as Record<string, unknown>;
    const e = expectCleanError(await h.call('PUT', '/v1/services/web', { ...got, kind: 'subnet' }), 400, 'VALIDATION_FAILED');
    expect(e.problems?.[0]).toMatchObject({ field: '/kind' });
  });
});

describe('pinnedConnections', () => {
  it('counts the live pins of a target, so an operator sees when a drain is done', async () => {
    const vip = parseIpv4Address('10.0.0.100')!;
    h.pins.claim({ proto: 6, srcIp: 1, srcPort: 1, dstIp: vip, dstPort: 80 }, 'srv2', 1n, 0);
    h.pins.claim({ proto: 6, srcIp: 2, srcPort: 1, dstIp: vip, dstPort: 80 }, 'srv2', 1n, 0);
    await h.call('PATCH', '/v1/targets/srv2', { adminState: 'draining' });
    expect((await h.call('GET', '/v1/targets/srv2')).json()).toMatchObject({ adminState: 'draining', pinnedConnections: 2 });
    await h.call('DELETE', '/v1/pins/tcp/0.0.0.1:1/10.0.0.100:80');
    await h.call('DELETE', '/v1/pins/tcp/0.0.0.2:1/10.0.0.100:80');
    const list = (await h.call('GET', '/v1/targets')).json().items as Array<{ id: string; pinnedConnections: number }>;
    expect(list.map((t) => [t.id, t.pinnedConnections])).toEqual([['srv1', 0], ['srv2', 0], ['srv3', 0]]);
  });
});
