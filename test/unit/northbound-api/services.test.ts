import { expectCleanError, makeHarness, type Harness } from './fixture';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(async () => {
  await h.app.close();
  h.services.close();
});

const api = { prefix: '10.0.0.101', protocol: 'tcp', ports: [443], targets: ['srv1', 'srv3'], policy: 'byweight' };

describe('services', () => {
  it('lists and gets with kind vip|subnet', async () => {
    const list = await h.call('GET', '/v1/services');
    expect(list.json().items).toEqual([
      { id: 'web', prefix: '10.0.0.100/32', protocol: 'tcp', ports: [80], targets: ['srv1', 'srv2'], policy: 'least', kind: 'vip', version: 1 },
    ]);
    const sub = await h.call('POST', '/v1/services', { id: 'pool', prefix: '192.200.0.0/16', protocol: 'udp', targets: ['srv3'], policy: 'least' });
    expect(sub.statusCode).toBe(201);
    expect(sub.json()).toMatchObject({ kind: 'subnet', ports: [] });
    const one = await h.call('GET', '/v1/services/pool');
    expect(one.headers.etag).toBe(`"${one.json().version}"`);
  });

  it('creates a VIP that the catalog then routes', async () => {
    const res = await h.call('POST', '/v1/services', { id: 'api', ...api });
    expect(res.statusCode).toBe(201);
    const svc = h.catalog.lookup(0x0a000065, 6, 443);
    expect(svc?.id).toBe('api');
  });

  it('replaces a service with PUT and deletes it', async () => {
    const r = await h.call('PUT', '/v1/services/web', { prefix: '10.0.0.100', protocol: 'tcp', ports: [80, 8080], targets: ['srv2'], policy: 'byweight' });
    expect(r.statusCode).toBe(200);
    expect(h.catalog.service('web')?.spec).toMatchObject({ ports: [80, 8080], targets: ['srv2'], policy: 'byweight' });
    expect((await h.call('DELETE', '/v1/services/web', undefined, { headers: { 'if-match': r.headers.etag as string } })).statusCode).toBe(204);
    expect(h.catalog.service('web')).toBeUndefined();
  });

  const semantic: Array<[string, Record<string, unknown>, string, string]> = [
    ['an overlapping VIP', { prefix: '10.0.0.0/24', protocol: 'tcp', ports: [80], targets: ['srv1'], policy: 'least' }, '/prefix', 'overlaps service "web"'],
    ['an unknown target', { ...api, targets: ['srv1', 'ghost'] }, '/targets/1', 'unknown target "ghost"'],
    ['an unknown policy', { ...api, policy: 'nope' }, '/policy', 'unknown policy "nope"'],
    ['host bits set', { ...api, prefix: '10.0.0.101/24' }, '/prefix', 'host bits set'],
  ];
  it.each(semantic)('refuses %s with 422 naming the field, nothing changes', async (_n, body, field, reason) => {
    const before = await h.snapshot();
    const e = expectCleanError(await h.call('POST', '/v1/services', { id: 'new', ...body }), 422, 'INVALID_CHANGE');
    const p = e.problems?.find((x) => x.field === field);
    expect(p?.reason).toContain(reason);
    expect(await h.snapshot()).toEqual(before);
  });

  it('the same prefix on another protocol or port does not overlap', async () => {
    expect((await h.call('POST', '/v1/services', { id: 'dns', prefix: '10.0.0.100/32', protocol: 'udp', ports: [53], targets: ['srv3'], policy: 'least' })).statusCode).toBe(201);
    expect((await h.call('POST', '/v1/services', { id: 'alt', prefix: '10.0.0.100/32', protocol: 'tcp', ports: [81], targets: ['srv3'], policy: 'least' })).statusCode).toBe(201);
  });

  const schema: Array<[string, unknown, string, string]> = [
    ['missing prefix', { id: 's', protocol: 'tcp', targets: ['srv1'], policy: 'least' }, '/prefix', 'is required'],
    ['missing targets', { id: 's', prefix: '10.1.0.1', protocol: 'tcp', policy: 'least' }, '/targets', 'is required'],
    ['string port', { id: 's', prefix: '10.1.0.1', protocol: 'tcp', ports: ['80'], targets: ['srv1'], policy: 'least' }, '/ports/0', 'must be integer'],
    ['port 0', { id: 's', prefix: '10.1.0.1', protocol: 'tcp', ports: [0], targets: ['srv1'], policy: 'least' }, '/ports/0', 'must be >= 1'],
    ['port too large', { id: 's', prefix: '10.1.0.1', protocol: 'tcp', ports: [70000], targets: ['srv1'], policy: 'least' }, '/ports/0', 'must be <= 65535'],
    ['bad protocol', { id: 's', prefix: '10.1.0.1', protocol: 'sctp', targets: ['srv1'], policy: 'least' }, '/protocol', 'must be one of "tcp", "udp"'],
    ['bad prefix', { id: 's', prefix: '10.1.0.300', protocol: 'tcp', targets: ['srv1'], policy: 'least' }, '/prefix', 'must match pattern'],
    ['no targets', { id: 's', prefix: '10.1.0.1', protocol: 'tcp', targets: [], policy: 'least' }, '/targets', 'must NOT have fewer than 1 items'],
    ['duplicate target', { id: 's', prefix: '10.1.0.1', protocol: 'tcp', targets: ['srv1', 'srv1'], policy: 'least' }, '/targets', 'must NOT have duplicate items'],
    ['unknown field', { id: 's', prefix: '10.1.0.1', protocol: 'tcp', targets: ['srv1'], policy: 'least', vip: true }, '/vip', 'unknown field'],
  ];
  it.each(schema)('%s: 400 naming the field, nothing changes', async (_n, body, field, reason) => {
    const before = await h.snapshot();
    const e = expectCleanError(await h.call('POST', '/v1/services', body), 400, 'VALIDATION_FAILED');
    const p = e.problems?.find((x) => x.field === field);
    expect(p?.reason).toContain(reason);
    expect(await h.snapshot()).toEqual(before);
  });

  it('If-Match on a stale service version is 412', async () => {
    const before = await h.snapshot();
    expectCleanError(await h.call('DELETE', '/v1/services/web', undefined, { headers: { 'if-match': '"7"' } }), 412);
    expect(await h.snapshot()).toEqual(before);
  });
});
