import { expectCleanError, makeHarness, type Harness } from './fixture';
import { MemoryApiStateStore } from '../../../northbound-api/state/state-store';
import { parseDocument, serializeDocument, seedDocument } from '../../../northbound-api/state/document';

const harnesses: Harness[] = [];
async function harness(stateStore?: MemoryApiStateStore): Promise<Harness> {
  const h = await makeHarness(stateStore ? { stateStore } : {});
  harnesses.push(h);
  return h;
}
afterEach(async () => {
  for (const h of harnesses.splice(0)) {
    await h.app.close();
    h.services.close();
  }
});

describe('state persistence through the API state store', () => {
  it('seeds an empty store with the config state on first start', async () => {
    const store = new MemoryApiStateStore();
    const h = await harness(store);
    const stored = await store.load();
    expect(stored?.generation).toBe(1);
    expect([...parseDocument(stored!.text).targets.keys()]).toEqual(['srv1', 'srv2', 'srv3']);
    expect(h.catalog.version).toBe(0);
  });

  it('a fresh instance on the same store gets the API-configured state, not the config seed', async () => {
    const store = new MemoryApiStateStore();
    const a = await harness(store);
    await a.call('PATCH', '/v1/targets/srv2', { adminState: 'draining', weight: 4 });
    await a.call('POST', '/v1/policies', { name: 'near', type: 'cost', aggregation: 'min' });
    await a.call('POST', '/v1/services', { id: 'dns', prefix: '10.0.0.53', protocol: 'udp', ports: [53], targets: ['srv3'], policy: 'near' });
    await a.call('DELETE', '/v1/targets/srv1', undefined).then((r) => expect(r.statusCode).toBe(409));
    const b = await harness(store);
    expect(b.catalog.target('srv2')).toMatchObject({ adminState: 'draining', weight: 4 });
    expect(b.catalog.service('dns')?.spec.policy).toBe('near');
    expect((await b.call('GET', '/v1/targets/srv2')).headers.etag).toBe((await a.call('GET', '/v1/targets/srv2')).headers.etag);
    expect((await b.call('GET', '/v1/policies/near')).json()).toMatchObject({ aggregation: 'min' });
    expect(await b.snapshot()).toEqual({ ...(await a.snapshot()), version: 1 });
  });

  it('a store that lost its data (Redis restarted empty) takes the next write, with the whole state, not a conflict', async () => {
    const store = new MemoryApiStateStore();
    const h = await harness(store);
    expect((await h.call('PATCH', '/v1/targets/srv2', { weight: 4 })).statusCode).toBe(200);
    (store as unknown as { stored: undefined }).stored = undefined;
    expect((await h.call('PATCH', '/v1/targets/srv1', { weight: 9 })).statusCode).toBe(200);
    const stored = parseDocument((await store.load())!.text);
    expect(stored.targets.get('srv1')?.value.weight).toBe(9);
    expect(stored.targets.get('srv2')?.value.weight).toBe(4);
  });

  it('when the store is down a write is 503 and nothing changes; it works again once back', async () => {
    const store = new MemoryApiStateStore();
    const h = await harness(store);
    const before = await h.snapshot();
    store.failing = true;
    expectCleanError(await h.call('PATCH', '/v1/targets/srv1', { weight: 9 }), 503, 'STORE_UNAVAILABLE');
    expect(await h.snapshot()).toEqual(before);
    expect(h.catalog.target('srv1')?.weight).toBe(1);
    store.failing = false;
    expect((await h.call('PATCH', '/v1/targets/srv1', { weight: 9 })).statusCode).toBe(200);
    expect(h.catalog.target('srv1')?.weight).toBe(9);
  });

  it('starting while the store is down serves the config state, then catches up before the first write', async () => {
    const store = new MemoryApiStateStore();
    const other = seedDocument({ catalog: { ...(await harness()).catalog.spec() }, settings: {} });
    other.targets.set('srv2', { value: { ...other.targets.get('srv2')!.value, weight: 7 }, version: 5 });
    other.generation = 5;
    await store.save(serializeDocument(other), 5, undefined);
    store.failing = true;
    const h = await harness(store);
    expect(h.catalog.target('srv2')?.weight).toBe(1);
    store.failing = false;
    expect((await h.call('PATCH', '/v1/targets/srv1', { cost: 3 })).statusCode).toBe(200);
    expect(h.catalog.target('srv2')?.weight).toBe(7);
    expect(h.catalog.target('srv1')?.cost).toBe(3);
    expect((await store.load())?.generation).toBe(6);
  });

  it('a write based on a copy another controller has superseded is 409, and the next one sees theirs', async () => {
    const store = new MemoryApiStateStore();
    const a = await harness(store);
    const b = await harness(store);
    expect((await a.call('PATCH', '/v1/targets/srv1', { weight: 2 })).statusCode).toBe(200);
    const before = await b.snapshot();
    expectCleanError(await b.call('PATCH', '/v1/targets/srv3', { weight: 3 }), 409, 'STORE_CONFLICT');
    expect(await b.snapshot()).toEqual(before);
    expect((await b.call('PATCH', '/v1/targets/srv3', { weight: 3 })).statusCode).toBe(200);
    expect(b.catalog.target('srv1')?.weight).toBe(2);
    expect(b.catalog.target('srv3')?.weight).toBe(3);
  });

  it('an invalid stored document is not applied: the config state stays in force', async () => {
    const store = new MemoryApiStateStore();
    const bad = seedDocument({ catalog: { targets: [], services: [{ id: 'x', prefix: '10.0.0.1', protocol: 'tcp', ports: [], targets: ['nope'], policy: 'none' }], policies: {} }, settings: {} });
    await store.save(serializeDocument(bad), 1, undefined);
    const h = await harness(store);
    expect(h.catalog.service('web')).toBeDefined();
    expect(h.catalog.service('x')).toBeUndefined();
  });

  it.each([
    ['not JSON', '{"format":1,'],
    ['an unknown format', '{"format":2}'],
    ['malformed objects', JSON.stringify({ format: 1, generation: 3, targets: [{ version: 1, value: { id: 't' } }], services: [{ version: 1, value: { id: 's' } }], policies: [] })],
  ])('a stored document with %s is not applied, and the next write replaces it', async (_n, text) => {
    const store = new MemoryApiStateStore();
    await store.save(text, 3, undefined);
    const h = await harness(store);
    expect(h.catalog.service('web')).toBeDefined();
    expect((await h.call('PATCH', '/v1/targets/srv1', { weight: 2 })).statusCode).toBe(200);
    const stored = await store.load();
    expect(stored?.generation).toBe(4);
    expect(parseDocument(stored!.text).targets.get('srv1')?.value.weight).toBe(2);
  });

  it('concurrent writes are serialized: with the same If-Match only one wins', async () => {
    const h = await harness();
    const [x, y] = await Promise.all([
      h.call('PATCH', '/v1/targets/srv1', { weight: 2 }, { headers: { 'if-match': '"1"' } }),
      h.call('PATCH', '/v1/targets/srv1', { weight: 3 }, { headers: { 'if-match': '"1"' } }),
    ]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([200, 412]);
    expect([2, 3]).toContain(h.catalog.target('srv1')?.weight);
  });

  it('versions never repeat, even for an id deleted and created again', async () => {
    const h = await harness();
    const first = (await h.call('POST', '/v1/targets', { id: 'tmp' })).json().version;
    await h.call('DELETE', '/v1/targets/tmp');
    const second = (await h.call('POST', '/v1/targets', { id: 'tmp' })).json().version;
    expect(second).toBeGreaterThan(first);
    expectCleanError(await h.call('DELETE', '/v1/targets/tmp', undefined, { headers: { 'if-match': `"${first}"` } }), 412);
  });
});
