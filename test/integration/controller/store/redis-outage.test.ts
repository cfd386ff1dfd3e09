// Redis going away mid-run must stop nothing: stores keep serving from memory, queue
// their writes, and catch up (including healing a Redis that came back empty).

import Redis from 'ioredis';
import { Pins } from '../../../../level/pins/pins';
import { RedisStore } from '../../../../controller/store/redis-store';
import { startRedisServer, type RedisServerHandle } from '../../../support/redis-server';
import { storePair, waitFor } from './helpers';

jest.setTimeout(60_000);

let server: RedisServerHandle;
const open: RedisStore[] = [];

beforeAll(async () => {
  server = await startRedisServer();
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  await server.stop();
});

const tuple = (port: number) => ({ proto: 6, srcIp: 0x0a000001, srcPort: port, dstIp: 0xc0c8000a, dstPort: 80 });

it('survives Redis being killed and restarted empty: no crash, writes queue, updates resume, state heals', async () => {
  const [a, b, prefix] = storePair(server.url);
  open.push(a, b);
  await Promise.all([a.start(), b.start()]);
  const pins = new Pins(a.pins);
  pins.claim(tuple(1), 'srv-a', 1n, 100);
  a.reportLoad({ subnet: 'k', targetId: 's1', load: 1, reportedAt: 1 });
  await waitFor('B to see the first report', () => b.loads.get('k', 's1')?.load === 1);

  await server.stop();
  await waitFor('A to notice the outage', () => !a.stats().connected);

  // The data path goes on: reads and writes are in memory and never throw.
  a.reportLoad({ subnet: 'k', targetId: 's1', load: 2, reportedAt: 2 });
  expect(a.loads.get('k', 's1')).toEqual({ load: 2, reportedAt: 2 });
  expect(pins.claim(tuple(2), 'srv-b', 1n, 200)).toEqual({ target: 'srv-b', created: true });
  await new Promise((r) => setTimeout(r, 300));
  expect(a.stats()).toMatchObject({ connected: false, pendingLoadWrites: 1, pendingPinOps: 1 });
  expect(a.stats().errors).toBeGreaterThan(0);

  await server.restart();
  await waitFor('A to reconnect', () => a.stats().connected);
  await waitFor('B to reconnect', () => b.stats().connected);
  await waitFor('B to see the report made during the outage', () => b.loads.get('k', 's1')?.load === 2);

  // Redis came back empty: the pin mirrored before the outage is mirrored again, the
  // one claimed during the outage is flushed, and the load row is written back.
  const raw = new Redis(server.url);
  try {
    await waitFor('both pins to be in Redis', async () => (await raw.keys(`${prefix}pin:*`)).length === 2);
    expect(await raw.get(`${prefix}pin:6 10.0.0.1:1 192.200.0.10:80`)).toBe('srv-a 0000000000000001 100');
    expect(await raw.hget(`${prefix}load:k`, 's1')).toBe('2 2');
  } finally {
    raw.disconnect();
  }

  // And new updates flow both ways again.
  b.reportLoad({ subnet: 'k', targetId: 's2', load: 7, reportedAt: 3 });
  await waitFor('A to see a new report from B', () => a.loads.get('k', 's2')?.load === 7);
});

it('starts while Redis is down and connects when it comes up', async () => {
  await server.stop();
  const [a, , prefix] = storePair(server.url);
  open.push(a);
  await a.start(); // resolves although Redis is down
  expect(a.stats().connected).toBe(false);
  a.reportLoad({ subnet: 'k', targetId: 's9', load: 4, reportedAt: 4 });
  expect(a.loads.get('k', 's9')?.load).toBe(4);
  await server.restart();
  await waitFor('A to connect', () => a.stats().connected);
  const raw = new Redis(server.url);
  try {
    await waitFor('the queued row to reach Redis', async () => (await raw.hget(`${prefix}load:k`, 's9')) === '4 4');
  } finally {
    raw.disconnect();
  }
});
