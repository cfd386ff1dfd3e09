import Redis from 'ioredis';
import { RedisStore } from '../../../../controller/store/redis-store';
import { Pins } from '../../../../level/pins/pins';
import { startRedisServer, type RedisServerHandle } from '../../../support/redis-server';
import { storePair, waitFor } from './helpers';

jest.setTimeout(30_000);

let server: RedisServerHandle;
let raw: Redis;
const open: RedisStore[] = [];

beforeAll(async () => {
  server = await startRedisServer();
  raw = new Redis(server.url);
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  raw.disconnect();
  await server.stop();
});

async function started(pair: [RedisStore, RedisStore, string]): Promise<[RedisStore, RedisStore, string]> {
  open.push(pair[0], pair[1]);
  await Promise.all([pair[0].start(), pair[1].start()]);
  return pair;
}

describe('RedisStore load tables', () => {
  it('shares load updates between two controllers by subscription', async () => {
    const [a, b] = await started(storePair(server.url));
    a.reportLoad({ subnet: '192.200.0.0/16', targetId: 's1', load: 12.5, reportedAt: 1000 });
    // The writer sees its own update synchronously; the peer by pub/sub.
    expect(a.loads.get('192.200.0.0/16', 's1')).toEqual({ load: 12.5, reportedAt: 1000 });
    await waitFor('B to see s1', () => b.loads.get('192.200.0.0/16', 's1')?.load === 12.5);
    b.reportLoad({ subnet: '192.200.0.0/16', targetId: 's2', load: 3, reportedAt: 1001 });
    await waitFor('A to see s2', () => a.loads.get('192.200.0.0/16', 's2')?.load === 3);
    expect(b.stats()).toMatchObject({ kind: 'redis', connected: true, remoteLoadUpdates: 1, errors: 0 });
  });

  it('notifies load listeners of remote updates and removals', async () => {
    const [a, b] = await started(storePair(server.url));
    const events: string[] = [];
    b.onLoadChange((subnet, target, entry) => events.push(`${subnet} ${target} ${entry ? entry.load : 'removed'}`));
    a.reportLoad({ subnet: 'k', targetId: 's1', load: 1, reportedAt: 10 });
    await waitFor('B to see the row', () => events.length === 1);
    a.removeTarget('s1');
    await waitFor('B to see the removal', () => events.length === 2);
    expect(events).toEqual(['k s1 1', 'k s1 removed']);
    expect(b.loads.get('k', 's1')).toBeUndefined();
  });

  it('loads the shared tables at start (a late controller sees earlier reports and removals)', async () => {
    const [a, , prefix] = await started(storePair(server.url));
    a.reportLoad({ subnet: 'k1', targetId: 's1', load: 5, reportedAt: 1 });
    a.reportLoad({ subnet: 'k2', targetId: 's2', load: 6, reportedAt: 2 });
    a.removeTarget('s2');
    await a.settle();
    expect(await raw.hget(`${prefix}load:k1`, 's1')).toBe('5 1');
    const late = new RedisStore({ url: server.url, keyPrefix: prefix, instanceId: 'late' });
    open.push(late);
    await late.start();
    expect(late.loads.get('k1', 's1')).toEqual({ load: 5, reportedAt: 1 });
    expect(late.loads.get('k2', 's2')).toBeUndefined();
  });

  it('keeps the newest report when an older one arrives late', async () => {
    const [a, b] = await started(storePair(server.url));
    a.reportLoad({ subnet: 'k', targetId: 's1', load: 9, reportedAt: 200 });
    await waitFor('B to see the row', () => b.loads.get('k', 's1') !== undefined);
    b.reportLoad({ subnet: 'k', targetId: 's1', load: 1, reportedAt: 100 });
    await b.settle();
    expect(b.loads.get('k', 's1')).toEqual({ load: 9, reportedAt: 200 });
  });

  it('ignores malformed messages on the channel without crashing', async () => {
    const [a, b, prefix] = await started(storePair(server.url));
    await raw.publish(`${prefix}load-updates`, 'not json');
    await raw.publish(`${prefix}load-updates`, JSON.stringify({ o: 'x', s: [['k', 's', 'NaN', 1]], r: [] }));
    a.reportLoad({ subnet: 'k', targetId: 'ok', load: 1, reportedAt: 1 });
    await waitFor('B to see the good row', () => b.loads.get('k', 'ok') !== undefined);
    expect(b.stats().errors).toBe(2);
  });
});

describe('RedisStore pin mirror', () => {
  it('mirrors claims with NX semantics: the first claimer keeps the key, the second hears of the conflict', async () => {
    const [a, b, prefix] = await started(storePair(server.url));
    const conflicts: Array<[string, string | null]> = [];
    b.pins.onConflict((key, theirs) => conflicts.push([key, theirs]));
    a.pins.claim('6 10.0.0.1:1 192.200.0.1:80', 'srv-a 0000000000000001 100');
    await a.settle();
    b.pins.claim('6 10.0.0.1:1 192.200.0.1:80', 'srv-b 0000000000000002 101');
    await b.settle();
    expect(await raw.get(`${prefix}pin:6 10.0.0.1:1 192.200.0.1:80`)).toBe('srv-a 0000000000000001 100');
    expect(conflicts).toEqual([['6 10.0.0.1:1 192.200.0.1:80', 'srv-a 0000000000000001 100']]);
    expect(b.stats().pinConflicts).toBe(1);
    // A release only deletes the value it claimed.
    b.pins.release('6 10.0.0.1:1 192.200.0.1:80', 'srv-b 0000000000000002 101');
    await b.settle();
    expect(await raw.exists(`${prefix}pin:6 10.0.0.1:1 192.200.0.1:80`)).toBe(1);
    a.pins.release('6 10.0.0.1:1 192.200.0.1:80', 'srv-a 0000000000000001 100');
    await a.settle();
    expect(await raw.exists(`${prefix}pin:6 10.0.0.1:1 192.200.0.1:80`)).toBe(0);
  });

  it('sends a turn of 5000 claims as one pipeline and loads them all back for a spare', async () => {
    const [a, b] = await started(storePair(server.url));
    const before = await commandCalls('set');
    // Reach into the store's command connection only to count round trips.
    const pipelines = jest.spyOn((a as unknown as { cmd: Redis }).cmd, 'pipeline');
    for (let i = 0; i < 5000; i++) a.pins.claim(`6 10.0.${i >> 8}.${i & 255}:1000 192.200.0.1:80`, `s${i % 7} 0000000000000001 ${i}`);
    expect(a.stats().pendingPinOps).toBe(5000);
    await a.settle();
    expect(a.stats().pendingPinOps).toBe(0);
    expect((await commandCalls('set')) - before).toBe(5000);
    expect(pipelines).toHaveBeenCalledTimes(1);
    const loaded = await b.pins.loadAll();
    expect(loaded.size).toBe(5000);
    expect(loaded.get('6 10.0.19.135:1000 192.200.0.1:80')).toBe('s1 0000000000000001 4999');
  });

  it('never sends a claim that was released within the same turn', async () => {
    const [a, , prefix] = await started(storePair(server.url));
    a.pins.claim('k1', 'v1');
    a.pins.release('k1', 'v1');
    a.pins.claim('k2', 'v2');
    expect(a.stats().pendingPinOps).toBe(1);
    await a.settle();
    expect(await raw.exists(`${prefix}pin:k1`, `${prefix}pin:k2`)).toBe(1);
  });
});

describe('RedisStore latency hook', () => {
  it('reports round trips of write batches and reloads by operation name', async () => {
    const [a] = storePair(server.url);
    open.push(a);
    const ops: string[] = [];
    a.setLatencyMetrics({ observe: (op, seconds) => { if (seconds >= 0) ops.push(op); } });
    await a.start();
    a.reportLoad({ subnet: 'k', targetId: 's', load: 1, reportedAt: 1 });
    await a.settle();
    a.pins.claim('p', 'v');
    await a.settle();
    expect(ops).toEqual(expect.arrayContaining(['reload', 'load_write', 'pin_batch']));
  });
});

describe('RedisStore pin queue bound', () => {
  it('drops an overflowing queue and mirrors every live pin again instead', async () => {
    const prefix = `overflow${process.pid}:`;
    const store = new RedisStore({ url: server.url, keyPrefix: prefix, maxPendingPinOps: 10 });
    open.push(store);
    await store.start();
    const pins = new Pins(store.pins);
    for (let port = 1; port <= 25; port++) pins.claim({ proto: 6, srcIp: 0x0a000001, srcPort: port, dstIp: 0xc0c8000a, dstPort: 80 }, 'srv', 1n, port);
    expect(store.stats().droppedPinOps).toBeGreaterThan(0);
    await waitFor('all 25 live pins to be mirrored', async () => (await raw.keys(`${prefix}pin:*`)).length === 25);
    expect(store.stats().errors).toBe(1);
  });
});

async function commandCalls(cmd: string): Promise<number> {
  const info = await raw.info('commandstats');
  const m = new RegExp(`cmdstat_${cmd}:calls=(\\d+)`).exec(info);
  return m ? Number(m[1]) : 0;
}
