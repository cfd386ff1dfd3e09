// API-configured state kept in a real (private) Redis survives a controller restart:
// a fresh API on a fresh catalog, seeded from the config, comes up with the API's state.
import { startRedisServer, type RedisServerHandle } from '../../support/redis-server';
import { makeHarness, type Harness } from '../../unit/northbound-api/fixture';
import { RedisApiStateStore } from '../../../northbound-api/state/redis-state-store';

let redis: RedisServerHandle;
const open: Array<{ h: Harness; store: RedisApiStateStore }> = [];
let prefixCounter = 0;

beforeAll(async () => {
  redis = await startRedisServer();
}, 20_000);
afterAll(async () => {
  await redis.stop();
});
afterEach(async () => {
  for (const { h, store } of open.splice(0)) {
    await h.app.close();
    h.services.close();
    await store.close();
  }
});

async function controller(keyPrefix: string): Promise<Harness> {
  const store = new RedisApiStateStore({ url: redis.url, keyPrefix });
  const h = await makeHarness({ stateStore: store });
  open.push({ h, store });
  return h;
}

const prefix = () => `nb${process.pid}-${++prefixCounter}:`;

describe('API state in Redis', () => {
  it('survives a restart: targets, services and policies with their versions', async () => {
    const keys = prefix();
    const a = await controller(keys);
    expect((await a.call('PATCH', '/v1/targets/srv2', { adminState: 'draining', weight: 0 })).statusCode).toBe(200);
    expect((await a.call('POST', '/v1/policies', { name: 'near', type: 'cost', aggregation: 'min', tableUpdateIntervalMs: 250 })).statusCode).toBe(201);
    expect((await a.call('POST', '/v1/services', { id: 'dns', prefix: '10.0.0.53', protocol: 'udp', ports: [53], targets: ['srv3'], policy: 'near' })).statusCode).toBe(201);
    expect((await a.call('DELETE', '/v1/policies/byweight')).statusCode).toBe(204);
    const before = await a.snapshot();

    const b = await controller(keys);
    expect(b.catalog.target('srv2')).toMatchObject({ adminState: 'draining', weight: 0 });
    expect(b.catalog.service('dns')?.spec).toMatchObject({ protocol: 'udp', policy: 'near' });
    expect(b.catalog.spec().policies.byweight).toBeUndefined();
    expect(b.timer.active.map((t) => t.ms)).toEqual([250]);
    expect((await b.snapshot()).api).toEqual(before.api);
    // Its writes carry on from the stored generation.
    const next = await b.call('PATCH', '/v1/targets/srv2', { adminState: 'enabled' }, { headers: { 'if-match': (await b.call('GET', '/v1/targets/srv2')).headers.etag as string } });
    expect(next.statusCode).toBe(200);
    expect(next.json().version).toBe(6);
  });

  it('two controllers on one Redis: a write from a stale copy is refused, then catches up', async () => {
    const keys = prefix();
    const a = await controller(keys);
    const b = await controller(keys);
    expect((await a.call('PATCH', '/v1/targets/srv1', { cost: 4 })).statusCode).toBe(200);
    expect((await b.call('PATCH', '/v1/targets/srv3', { cost: 9 })).statusCode).toBe(409);
    expect(b.catalog.target('srv3')?.cost).toBe(1);
    expect((await b.call('PATCH', '/v1/targets/srv3', { cost: 9 })).statusCode).toBe(200);
    expect(b.catalog.target('srv1')?.cost).toBe(4);
  });

  it('Redis down: writes get 503 and change nothing; after it returns (empty) the state in force is stored again', async () => {
    const keys = prefix();
    const a = await controller(keys);
    expect((await a.call('PATCH', '/v1/targets/srv1', { weight: 5 })).statusCode).toBe(200);
    await redis.stop();
    try {
      const before = await a.snapshot();
      const res = await a.call('PATCH', '/v1/targets/srv1', { weight: 6 });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('STORE_UNAVAILABLE');
      expect(await a.snapshot()).toEqual(before);
      expect((await a.call('GET', '/v1/targets/srv1')).json().weight).toBe(5);
    } finally {
      await redis.restart();
    }
    // The restarted Redis is empty: the first write finds the store changed under it (409),
    // re-stores the document in force, and the retry goes through.
    let res = await a.call('PATCH', '/v1/targets/srv1', { weight: 6 });
    for (let i = 0; i < 50 && res.statusCode === 503; i++) {
      await new Promise((r) => setTimeout(r, 100));
      res = await a.call('PATCH', '/v1/targets/srv1', { weight: 6 });
    }
    if (res.statusCode === 409) res = await a.call('PATCH', '/v1/targets/srv1', { weight: 6 });
    expect(res.statusCode).toBe(200);
    const b = await controller(keys);
    expect(b.catalog.target('srv1')?.weight).toBe(6);
  }, 20_000);
});
