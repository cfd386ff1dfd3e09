import { expectCleanError, makeHarness, READ_TOKEN, type Harness } from './fixture';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(async () => {
  await h.app.close();
  h.services.close();
});

describe('targets: reads', () => {
  it('lists the seeded targets with versions', async () => {
    const res = await h.call('GET', '/v1/targets', undefined, { token: READ_TOKEN });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ id: string; version: number; weight: number }>;
    expect(items.map((t) => t.id)).toEqual(['srv1', 'srv2', 'srv3']);
    expect(items.every((t) => t.version === 1)).toBe(true);
  });

  it('gets one with its version as ETag, 404 for an unknown id', async () => {
    const res = await h.call('GET', '/v1/targets/srv1', undefined, { token: READ_TOKEN });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.json()).toMatchObject({ id: 'srv1', kind: 'server', weight: 1, cost: 0, adminState: 'enabled', attachment: { ip: '10.0.1.1' } });
    expectCleanError(await h.call('GET', '/v1/targets/nope'), 404, 'NOT_FOUND');
  });
});

describe('targets: writes', () => {
  it('creates with defaults, reaches the catalog, and refuses a duplicate', async () => {
    const res = await h.call('POST', '/v1/targets', { id: 'srv4', weight: 3 });
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe('/v1/targets/srv4');
    expect(res.json()).toMatchObject({ id: 'srv4', kind: 'server', weight: 3, cost: 0, adminState: 'enabled', version: 2 });
    expect(res.headers.etag).toBe('"2"');
    expect(h.catalog.target('srv4')).toMatchObject({ weight: 3 });
    const before = await h.snapshot();
    const dup = expectCleanError(await h.call('POST', '/v1/targets', { id: 'srv4' }), 409, 'ALREADY_EXISTS');
    expect(dup.problems?.[0]).toMatchObject({ field: '/id' });
    expect(await h.snapshot()).toEqual(before);
  });

  it('PATCH changes only the given fields (drain, weight) and bumps the version', async () => {
    const res = await h.call('PATCH', '/v1/targets/srv2', { adminState: 'draining' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: 'srv2', adminState: 'draining', weight: 1, cost: 5, version: 2 });
    expect(h.catalog.target('srv2')?.adminState).toBe('draining');
    const w = await h.call('PATCH', '/v1/targets/srv1', { weight: 3 });
    expect(w.json()).toMatchObject({ weight: 3, version: 3, attachment: { mac: '02:00:00:00:01:01' } });
    expectCleanError(await h.call('PATCH', '/v1/targets/ghost', { weight: 1 }), 404, 'NOT_FOUND');
  });

  it('PUT replaces a whole target, or creates one (201)', async () => {
    const full = { kind: 'server', weight: 4, cost: 2, adminState: 'disabled' };
    const r = await h.call('PUT', '/v1/targets/srv3', full);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ id: 'srv3', ...full, version: 2, pinnedConnections: 0 });
    const c = await h.call('PUT', '/v1/targets/srv9', { ...full, id: 'srv9' });
    expect(c.statusCode).toBe(201);
    expect(h.catalog.target('srv9')).toBeDefined();
  });

  it('DELETE removes an unused target and refuses one a service uses', async () => {
    expect((await h.call('DELETE', '/v1/targets/srv3')).statusCode).toBe(204);
    expect(h.catalog.target('srv3')).toBeUndefined();
    const before = await h.snapshot();
    const e = expectCleanError(await h.call('DELETE', '/v1/targets/srv1'), 409, 'IN_USE');
    expect(e.message).toContain('service "web"');
    expect(await h.snapshot()).toEqual(before);
    expectCleanError(await h.call('DELETE', '/v1/targets/srv3'), 404, 'NOT_FOUND');
  });
});

describe('targets: If-Match', () => {
  it('applies with the current version and refuses a stale one with 412', async () => {
    const ok = await h.call('PATCH', '/v1/targets/srv1', { cost: 7 }, { headers: { 'if-match': '"1"' } });
    expect(ok.statusCode).toBe(200);
    const before = await h.snapshot();
    for (const [method, body] of [['PATCH', { cost: 9 }], ['PUT', { kind: 'server', weight: 1, cost: 1, adminState: 'enabled' }], ['DELETE', undefined]] as const) {
      const e = expectCleanError(await h.call(method, '/v1/targets/srv1', body, { headers: { 'if-match': '"1"' } }), 412, 'PRECONDITION_FAILED');
      expect(e.problems?.[0]).toMatchObject({ field: 'if-match', in: 'headers' });
    }
    expect(await h.snapshot()).toEqual(before);
    expect((await h.call('PATCH', '/v1/targets/srv1', { cost: 9 }, { headers: { 'if-match': 'W/"2", "5"' } })).statusCode).toBe(200);
    expect((await h.call('PATCH', '/v1/targets/srv1', { cost: 8 }, { headers: { 'if-match': '*' } })).statusCode).toBe(200);
  });

  it('If-Match on an absent object is 412, even "*"', async () => {
    expectCleanError(await h.call('PUT', '/v1/targets/new1', { kind: 'server', weight: 1, cost: 0, adminState: 'enabled' }, { headers: { 'if-match': '*' } }), 412);
    expect(h.catalog.target('new1')).toBeUndefined();
  });
});

describe('targets: schema', () => {
  const bad: Array<[string, string, string, unknown, string, string]> = [
    ['string for a number', 'PATCH', '/v1/targets/srv1', { weight: '10' }, '/weight', 'must be number'],
    ['unknown field', 'PATCH', '/v1/targets/srv1', { weight: 1, color: 'red' }, '/color', 'unknown field'],
    ['weight above range', 'PATCH', '/v1/targets/srv1', { weight: 1001 }, '/weight', 'must be <= 1000'],
    ['negative cost', 'PATCH', '/v1/targets/srv1', { cost: -1 }, '/cost', 'must be >= 0'],
    ['unknown admin state', 'PATCH', '/v1/targets/srv1', { adminState: 'paused' }, '/adminState', 'must be one of "enabled", "draining", "disabled"'],
    ['empty patch', 'PATCH', '/v1/targets/srv1', {}, '', 'must NOT have fewer than 1 properties'],
    ['missing id', 'POST', '/v1/targets', { weight: 1 }, '/id', 'is required'],
    ['bad id', 'POST', '/v1/targets', { id: 'a b' }, '/id', 'must match pattern "^[A-Za-z0-9_.:-]{1,128}$"'],
    ['missing fields on replace', 'PUT', '/v1/targets/srv1', { kind: 'server', weight: 1, cost: 0 }, '/adminState', 'is required'],
    ['bad mac', 'PATCH', '/v1/targets/srv1', { attachment: { ip: '10.0.0.1', mac: 'AA:BB:CC:DD:EE:FF' } }, '/attachment/mac', 'must match pattern "^[0-9a-f]{2}(:[0-9a-f]{2}){5}$"'],
    ['unknown nested field', 'PATCH', '/v1/targets/srv1', { attachment: { ip: '10.0.0.1', mac: '02:00:00:00:00:01', vlan: 3 } }, '/attachment/vlan', 'unknown field'],
    ['not an object', 'POST', '/v1/targets', [1, 2], '', 'must be object'],
    ['boolean for a string', 'PATCH', '/v1/targets/srv1', { kind: true }, '/kind', 'must be string'],
  ];
  it.each(bad)('%s: 400 naming the field, nothing changes', async (_name, method, url, body, field, reason) => {
    const before = await h.snapshot();
    const e = expectCleanError(await h.call(method as 'POST', url, body), 400, 'VALIDATION_FAILED');
    expect(e.problems).toContainEqual({ field, in: 'body', reason });
    expect(await h.snapshot()).toEqual(before);
  });

  it('reports every problem at once (allErrors)', async () => {
    const e = expectCleanError(await h.call('PATCH', '/v1/targets/srv1', { weight: '1', cost: 'x', extra: 1 }), 400);
    expect(e.problems?.map((p) => p.field).sort()).toEqual(['/cost', '/extra', '/weight']);
  });

  it('a body id that differs from the path is refused', async () => {
    const e = expectCleanError(await h.call('PUT', '/v1/targets/srv1', { id: 'srv2', kind: 'server', weight: 1, cost: 0, adminState: 'enabled' }), 400);
    expect(e.problems?.[0]).toMatchObject({ field: '/id' });
  });

  it('malformed JSON is a 400 without internals', async () => {
    const e = expectCleanError(await h.call('POST', '/v1/targets', '{"id": "x",'), 400);
    expect(e.code).toBe('VALIDATION_FAILED');
  });
});
