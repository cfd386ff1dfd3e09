import { expectCleanError, makeHarness, type Harness } from './fixture';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(async () => {
  await h.app.close();
  h.services.close();
});

describe('policies', () => {
  it('lists named policies', async () => {
    const res = await h.call('GET', '/v1/policies');
    expect(res.json().items).toEqual([
      { name: 'least', type: 'least-load', version: 1 },
      { name: 'byweight', type: 'weighted', version: 1 },
    ]);
  });

  it('creates a weighted-sum policy with G and interval, and a service can use it', async () => {
    const res = await h.call('POST', '/v1/policies', { name: 'mix', type: 'weighted-sum', loadFactor: 1, costFactor: 0.5, aggregation: 'max', tableUpdateIntervalMs: 500 });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: 'mix', type: 'weighted-sum', aggregation: 'max', tableUpdateIntervalMs: 500 });
    // The catalog gets F only; the settings stay with the adapter.
    expect(h.catalog.spec().policies.mix).toEqual({ type: 'weighted-sum', loadFactor: 1, costFactor: 0.5 });
    expect(h.timer.active).toHaveLength(0);
    expect((await h.call('PATCH', '/v1/services/web', {})).statusCode).toBe(404);
    await h.call('PUT', '/v1/services/web', { prefix: '10.0.0.100/32', protocol: 'tcp', ports: [80], targets: ['srv1', 'srv2'], policy: 'mix' });
    expect(h.timer.active.map((t) => t.ms)).toEqual([500]);
    const levels = await h.call('GET', '/v1/levels');
    expect(levels.json().items[0].subnets).toEqual([{ subnet: '10.0.0.100/32', aggregation: 'max', load: null }]);
  });

  it('replaces with PUT (type may change) and deletes an unused policy', async () => {
    const r = await h.call('PUT', '/v1/policies/byweight', { type: 'cost' });
    expect(r.statusCode).toBe(200);
    expect(h.catalog.spec().policies.byweight).toEqual({ type: 'cost' });
    expect((await h.call('DELETE', '/v1/policies/byweight')).statusCode).toBe(204);
    expect(h.catalog.spec().policies.byweight).toBeUndefined();
  });

  it('refuses to delete a policy in use, by a service or another policy', async () => {
    expect((await h.call('PUT', '/v1/policies/aff', { type: 'affinity', rules: [{ clientPrefix: '10.9.0.0/16', targets: ['srv2'] }], base: 'byweight' })).statusCode).toBe(201);
    const before = await h.snapshot();
    expect(expectCleanError(await h.call('DELETE', '/v1/policies/least'), 409, 'IN_USE').message).toContain('service "web"');
    expect(expectCleanError(await h.call('DELETE', '/v1/policies/byweight'), 409, 'IN_USE').message).toContain('policy "aff"');
    expect(expectCleanError(await h.call('DELETE', '/v1/targets/srv2'), 409, 'IN_USE').message).toContain('policy "aff"');
    expect(await h.snapshot()).toEqual(before);
  });

  const semantic: Array<[string, Record<string, unknown>, string, string]> = [
    ['an affinity rule naming an unknown target', { type: 'affinity', rules: [{ clientPrefix: '10.9.0.0/16', targets: ['ghost'] }], base: 'least' }, '/rules/0/targets/0', 'unknown target "ghost"'],
    ['an unknown base policy', { type: 'affinity', rules: [], base: 'nope' }, '/base', 'unknown policy "nope"'],
    ['a policy selecting itself', { type: 'time-of-day', tzOffsetMinutes: 0, windows: [{ start: '08:00', end: '18:00', policy: 'p' }], default: 'least' }, '/windows/0/policy', 'cannot select itself'],
    ['a client prefix with host bits', { type: 'affinity', rules: [{ clientPrefix: '10.9.0.1/16', targets: ['srv1'] }], base: 'least' }, '/rules/0/clientPrefix', 'host bits'],
  ];
  it.each(semantic)('refuses %s (422, nothing changes)', async (_n, body, field, reason) => {
    const before = await h.snapshot();
    const e = expectCleanError(await h.call('PUT', '/v1/policies/p', body), 422, 'INVALID_CHANGE');
    expect(e.problems?.find((p) => p.field === field)?.reason).toContain(reason);
    expect(await h.snapshot()).toEqual(before);
  });

  const schema: Array<[string, unknown, string, string]> = [
    ['unknown type', { type: 'random' }, '/type', 'is not a known type'],
    ['missing type', { loadFactor: 1 }, '/type', 'is required'],
    ['string factor', { type: 'weighted-sum', loadFactor: '1', costFactor: 1 }, '/loadFactor', 'must be number'],
    ['missing factor', { type: 'weighted-sum', loadFactor: 1 }, '/costFactor', 'is required'],
    ['a field of another type', { type: 'least-load', loadFactor: 1 }, '/loadFactor', 'unknown field'],
    ['interval below range', { type: 'cost', tableUpdateIntervalMs: 10 }, '/tableUpdateIntervalMs', 'must be >= 100'],
    ['fractional interval', { type: 'cost', tableUpdateIntervalMs: 150.5 }, '/tableUpdateIntervalMs', 'must be integer'],
    ['unknown aggregation', { type: 'cost', aggregation: 'median' }, '/aggregation', 'must be one of'],
    ['bad window time', { type: 'time-of-day', tzOffsetMinutes: 0, windows: [{ start: '25:00', end: '18:00', policy: 'least' }], default: 'least' }, '/windows/0/start', 'must match pattern'],
    ['tz offset out of range', { type: 'time-of-day', tzOffsetMinutes: 900, windows: [], default: 'least' }, '/tzOffsetMinutes', 'must be <= 840'],
  ];
  it.each(schema)('%s: 400 naming the field, nothing changes', async (_n, body, field, reason) => {
    const before = await h.snapshot();
    const e = expectCleanError(await h.call('PUT', '/v1/policies/p', body), 400, 'VALIDATION_FAILED');
    expect(e.problems?.find((p) => p.field === field)?.reason).toContain(reason);
    expect(await h.snapshot()).toEqual(before);
  });

  it('POST needs the name in the body', async () => {
    const e = expectCleanError(await h.call('POST', '/v1/policies', { type: 'cost' }), 400);
    expect(e.problems).toContainEqual({ field: '/name', in: 'body', reason: 'is required' });
  });
});
