import { expectCleanError, makeHarness, READ_TOKEN, type Harness } from './fixture';
import { parseIpv4Address } from '../../../controller/net';

let h: Harness;
const ip = (s: string): number => parseIpv4Address(s) as number;

function pin(client: string, clientPort: number, target: string, vip = '10.0.0.100', vipPort = 80): void {
  h.pins.claim({ proto: 6, srcIp: ip(client), srcPort: clientPort, dstIp: ip(vip), dstPort: vipPort }, target, 1n, 1000);
}

beforeEach(async () => {
  h = await makeHarness();
  pin('10.1.0.1', 4000, 'srv1');
  pin('10.1.0.2', 4001, 'srv2');
  pin('10.2.0.1', 4002, 'srv2');
});
afterEach(async () => {
  await h.app.close();
  h.services.close();
});

const clients = (res: { json(): { items: Array<{ client: string }> } }): string[] => res.json().items.map((p) => p.client).sort();

describe('pins: listing', () => {
  it('lists every pin with its 5-tuple and target', async () => {
    const res = await h.call('GET', '/v1/pins', undefined, { token: READ_TOKEN });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 3, truncated: false });
    expect(res.json().items).toContainEqual({ protocol: 'tcp', client: '10.1.0.1', clientPort: 4000, vip: '10.0.0.100', vipPort: 80, target: 'srv1', dpid: '0000000000000001', createdAt: 1000 });
  });

  it('filters by target, client prefix and VIP prefix, and limits', async () => {
    expect(clients(await h.call('GET', '/v1/pins?target=srv2'))).toEqual(['10.1.0.2', '10.2.0.1']);
    expect(clients(await h.call('GET', '/v1/pins?client=10.1.0.0/16'))).toEqual(['10.1.0.1', '10.1.0.2']);
    expect(clients(await h.call('GET', '/v1/pins?client=10.1.0.0/16&target=srv2'))).toEqual(['10.1.0.2']);
    expect(clients(await h.call('GET', '/v1/pins?vip=10.0.0.0/24'))).toHaveLength(3);
    expect(clients(await h.call('GET', '/v1/pins?vip=10.0.1.0/24'))).toEqual([]);
    const limited = await h.call('GET', '/v1/pins?limit=2');
    expect(limited.json()).toMatchObject({ truncated: true, total: 3 });
    expect(limited.json().items).toHaveLength(2);
  });

  it.each([
    ['limit=0', '/limit'],
    ['limit=abc', '/limit'],
    ['limit=100001', '/limit'],
    ['client=10.1.0.0/33', '/client'],
    ['colour=red', '/colour'],
  ])('rejects the filter %s naming it', async (q, field) => {
    const e = expectCleanError(await h.call('GET', `/v1/pins?${q}`), 400, 'VALIDATION_FAILED');
    expect(e.problems?.[0]).toMatchObject({ field, in: 'query' });
  });

  it('a prefix with host bits set is a 400 naming the filter', async () => {
    const e = expectCleanError(await h.call('GET', '/v1/pins?vip=10.0.0.1/24'), 400, 'VALIDATION_FAILED');
    expect(e.problems?.[0]).toMatchObject({ field: '/vip', in: 'query', reason: expect.stringContaining('host bits') });
  });
});

describe('pins: one connection', () => {
  it('gets one by 5-tuple and 404s an unpinned one', async () => {
    const res = await h.call('GET', '/v1/pins/tcp/10.1.0.2:4001/10.0.0.100:80', undefined, { token: READ_TOKEN });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ target: 'srv2', client: '10.1.0.2', clientPort: 4001 });
    expectCleanError(await h.call('GET', '/v1/pins/tcp/10.1.0.2:4009/10.0.0.100:80'), 404, 'NOT_FOUND');
    expectCleanError(await h.call('GET', '/v1/pins/udp/10.1.0.2:4001/10.0.0.100:80'), 404, 'NOT_FOUND');
  });

  it.each([
    ['/v1/pins/icmp/10.1.0.2:4001/10.0.0.100:80', '/protocol'],
    ['/v1/pins/tcp/10.1.0.2/10.0.0.100:80', '/client'],
    ['/v1/pins/tcp/10.1.0.2:4001/10.0.0.300:80', '/vip'],
    ['/v1/pins/tcp/10.1.0.2:99999/10.0.0.100:80', '/client'],
  ])('rejects a malformed key %s', async (url, field) => {
    const e = expectCleanError(await h.call('GET', url), 400, 'VALIDATION_FAILED');
    expect(e.problems?.[0]).toMatchObject({ field, in: 'params' });
  });

  it('deletes one pin (write role only); the others stay', async () => {
    const url = '/v1/pins/tcp/10.1.0.2:4001/10.0.0.100:80';
    expectCleanError(await h.call('DELETE', url, undefined, { token: READ_TOKEN }), 403, 'FORBIDDEN');
    expect(h.pins.size).toBe(3);
    expect((await h.call('DELETE', url)).statusCode).toBe(204);
    expect(h.pins.size).toBe(2);
    expect(h.pins.lookup(6, ip('10.1.0.2'), 4001, ip('10.0.0.100'), 80)).toBeUndefined();
    expectCleanError(await h.call('DELETE', url), 404);
  });
});

describe('pins and configuration changes', () => {
  it('a pinned connection keeps its target through drain, weight and policy changes', async () => {
    expect((await h.call('PATCH', '/v1/targets/srv2', { adminState: 'draining', weight: 0 })).statusCode).toBe(200);
    expect((await h.call('PUT', '/v1/services/web', { prefix: '10.0.0.100/32', protocol: 'tcp', ports: [80], targets: ['srv1', 'srv2'], policy: 'byweight' })).statusCode).toBe(200);
    expect((await h.call('GET', '/v1/pins/tcp/10.1.0.2:4001/10.0.0.100:80')).json().target).toBe('srv2');
    expect(h.pins.size).toBe(3);
  });

  it('removing a target releases its pins, and only its pins', async () => {
    await h.call('PUT', '/v1/services/web', { prefix: '10.0.0.100/32', protocol: 'tcp', ports: [80], targets: ['srv1'], policy: 'least' });
    expect(h.pins.size).toBe(3);
    expect((await h.call('DELETE', '/v1/targets/srv2')).statusCode).toBe(204);
    expect(h.pins.size).toBe(1);
    expect(h.pins.lookup(6, ip('10.1.0.1'), 4000, ip('10.0.0.100'), 80)).toBe('srv1');
  });
});
