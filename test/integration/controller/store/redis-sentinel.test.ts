// Redis under Sentinel (issue 10 item 8): a master, a replica and three sentinels (quorum
// 2), all real redis-server processes. The master is killed with SIGKILL (a crash, the
// honest fault). The controller's own store, the ha lease store and the API state store,
// connected through the sentinels, must throw nothing, keep the writes made meanwhile,
// and once the replica is promoted put everything on it: the pins and load rows written
// before, just before (acknowledged but perhaps never replicated) and during the failover.
// The time from the kill until the store writes again is measured and printed.

import Redis from 'ioredis';
import { createLogger } from '../../../../controller/logger';
import { RedisLeaseStore } from '../../../../controller/ha/redis-lease';
import { RedisStore } from '../../../../controller/store/redis-store';
import { Pins } from '../../../../level/pins/pins';
import { RedisApiStateStore } from '../../../../northbound-api/state/redis-state-store';
import { freePort } from '../../../support/redis-server';
import { startSentinelDeployment, type SentinelDeployment } from '../../../support/redis-sentinel';
import { waitFor } from './helpers';

jest.setTimeout(120_000);

let d: SentinelDeployment;
const open: Array<{ close(): Promise<void> }> = [];
/** Anything that escaped: an unhandled rejection or exception fails the test. */
const escaped: unknown[] = [];
const noteEscape = (err: unknown): void => {
  escaped.push(err);
};

beforeAll(async () => {
  process.on('unhandledRejection', noteEscape);
  process.on('uncaughtException', noteEscape);
  d = await startSentinelDeployment();
}, 90_000);

afterAll(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await d?.stop();
  process.off('unhandledRejection', noteEscape);
  process.off('uncaughtException', noteEscape);
});

const tuple = (port: number) => ({ proto: 6, srcIp: 0x0a000001, srcPort: port, dstIp: 0xc0c8000a, dstPort: 80 });
const pinKey = (prefix: string, port: number) => `${prefix}pin:6 10.0.0.1:${port} 192.200.0.10:80`;

/** A plain connection to one instance, to look at what it holds without the code under test. */
function direct(port: number): Redis {
  const r = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1 });
  r.on('error', () => undefined);
  return r;
}

/** Pins of the prefix an instance holds, key -> value. */
async function pinsOn(r: Redis, prefix: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let cursor = '0';
  do {
    const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}pin:*`, 'COUNT', 1000);
    cursor = next;
    const values = keys.length > 0 ? await r.mget(...keys) : [];
    keys.forEach((k, i) => values[i] !== null && out.set(k, values[i] as string));
  } while (cursor !== '0');
  return out;
}

/** Resolves with the time (performance.now()) a sentinel announces +switch-master for the group. */
async function watchSwitch(port: number, name: string): Promise<{ at: Promise<number>; close(): void }> {
  const sub = new Redis({ host: '127.0.0.1', port });
  sub.on('error', () => undefined);
  await sub.subscribe('+switch-master');
  const at = new Promise<number>((resolve) => {
    sub.on('message', (_channel: string, text: string) => {
      if (text.startsWith(`${name} `)) resolve(performance.now());
    });
  });
  return { at, close: () => sub.disconnect() };
}

/** Captures the store's log lines. */
function capturedLog(): { log: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  return { lines, log: createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } }) };
}

/** Polls an async action until it succeeds with a value accepted by ok (errors count as not yet). */
async function eventually<T>(what: string, action: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  let last: T | undefined;
  await waitFor(what, async () => {
    try {
      last = await action();
      return ok(last);
    } catch {
      return false;
    }
  }, timeoutMs);
  return last as T;
}

it('start() returns when no sentinel answers (the controller runs from memory and keeps trying)', async () => {
  const port = await freePort(); // nothing listens there
  const store = new RedisStore({ url: 'redis://x', sentinels: [{ host: '127.0.0.1', port }], sentinelName: 'nobody', keyPrefix: 'none:' });
  open.push(store);
  const started = performance.now();
  await store.start();
  expect(performance.now() - started).toBeLessThan(5000);
  expect(store.stats().connected).toBe(false);
  store.reportLoad({ subnet: 'k', targetId: 's', load: 1, reportedAt: 1 });
  expect(store.loads.get('k', 's')?.load).toBe(1);
  expect(store.stats().pendingLoadWrites).toBe(1);
});

it('follows a killed master to the promoted replica: nothing throws, writes queue, everything lands on the new master', async () => {
  const prefix = `sentinel-${process.pid}-1:`;
  const { log, lines } = capturedLog();
  const a = new RedisStore({ ...d.endpoint, keyPrefix: prefix, instanceId: 'A', log });
  const b = new RedisStore({ ...d.endpoint, keyPrefix: prefix, instanceId: 'B' });
  const lease = new RedisLeaseStore({ ...d.endpoint, keyPrefix: prefix, commandTimeoutMs: 500 });
  const api = new RedisApiStateStore({ ...d.endpoint, keyPrefix: prefix });
  open.push(a, b, lease, api);
  // A batch is observed only once Redis answered it: the instants A's writes succeeded.
  const written: number[] = [];
  a.setLatencyMetrics({ observe: (operation) => void (operation !== 'reload' && written.push(performance.now())) });
  await Promise.all([a.start(), b.start(), lease.whenReady(10_000)]);
  expect(a.stats().connected).toBe(true);
  expect(b.stats().connected).toBe(true);
  const pins = new Pins(a.pins);
  const expected = new Map<string, string>();
  const claim = (port: number, target: string, at: number): void => {
    pins.claim(tuple(port), target, 1n, at);
    expected.set(pinKey(prefix, port), `${target} 0000000000000001 ${at}`);
  };

  // Before: pins, load rows, the lease and the API document, all replicated for sure.
  for (let p = 1; p <= 200; p++) claim(p, 'srv-a', 100);
  a.reportLoad({ subnet: 'k', targetId: 's1', load: 1, reportedAt: 1 });
  const taken = await lease.acquire('ctl-a', 60_000);
  if (!taken.granted) throw new Error('the lease was not granted');
  expect(await api.save('{"v":1}', 1, undefined)).toBe(true);
  await a.settle();
  const oldMaster = direct(d.master.port);
  try {
    expect((await pinsOn(oldMaster, prefix)).size).toBe(200);
    expect(await oldMaster.call('WAIT', '1', '5000')).toBe(1);
  } finally {
    oldMaster.disconnect();
  }

  // Just before: acknowledged by the master, then the master dies at once. Replication is
  // asynchronous, so the replica may or may not have these.
  for (let p = 201; p <= 400; p++) claim(p, 'srv-a', 150);
  a.reportLoad({ subnet: 'k', targetId: 's2', load: 2, reportedAt: 2 });
  await a.settle();
  expect(a.stats()).toMatchObject({ pendingPinOps: 0, pendingLoadWrites: 0 });

  const switched = await watchSwitch(d.sentinels[0].port, d.name);
  const killedAt = performance.now();
  await d.master.kill();

  // During: the data path goes on claiming pins and reporting load every 50 ms.
  let during = 0;
  let sawOutage = false;
  let maxPendingPins = 0;
  let lastLoad = 0;
  const writeOne = (): void => {
    during++;
    claim(1000 + during, 'srv-b', 200 + during);
    lastLoad = during;
    a.reportLoad({ subnet: 'k', targetId: 's3', load: lastLoad, reportedAt: 10 + lastLoad });
    const s = a.stats();
    if (s.connected) return;
    sawOutage = true;
    maxPendingPins = Math.max(maxPendingPins, s.pendingPinOps);
  };
  const writer = setInterval(writeOne, 50);
  let recoveredMs: number;
  let switchMs: number;
  try {
    await waitFor('A to write to the new master', () => written.some((t) => t > killedAt), 60_000).catch((err: Error) => {
      throw new Error(`${err.message}\nstore: ${JSON.stringify(a.stats())}\n${d.diagnostics()}`);
    });
    recoveredMs = written.find((t) => t > killedAt)! - killedAt;
    switchMs = (await Promise.race([switched.at, new Promise<number>((_, reject) => setTimeout(() => reject(new Error('no +switch-master within 30 s')), 30_000))])) - killedAt;
    // A few more writes with the new master in place, then stop.
    const after = during + 5;
    await waitFor('five writes after the recovery', () => during >= after);
  } finally {
    clearInterval(writer);
    switched.close();
  }
  await a.settle();
  await waitFor('A to drain its queue', () => a.stats().connected && a.stats().pendingPinOps === 0 && a.stats().pendingLoadWrites === 0, 30_000);
  console.log(
    `sentinel failover: kill -> +switch-master ${Math.round(switchMs)} ms; kill -> store writes again ${Math.round(recoveredMs)} ms `
      + `(${during} pins claimed meanwhile, at most ${maxPendingPins} queued)`,
  );

  // Writes were queued, not lost, while no master answered.
  expect(sawOutage).toBe(true);
  expect(maxPendingPins).toBeGreaterThan(0);
  await d.waitForMaster(d.replica.port);

  // Everything is on the promoted replica: pins from before, just before and during.
  const newMaster = direct(d.replica.port);
  try {
    await waitFor('every pin on the new master', async () => (await pinsOn(newMaster, prefix)).size === expected.size, 30_000);
    expect(await pinsOn(newMaster, prefix)).toEqual(expected);
    expect(await newMaster.hget(`${prefix}load:k`, 's1')).toBe('1 1');
    expect(await newMaster.hget(`${prefix}load:k`, 's2')).toBe('2 2');
    expect(await newMaster.hget(`${prefix}load:k`, 's3')).toBe(`${lastLoad} ${10 + lastLoad}`);
  } finally {
    newMaster.disconnect();
  }
  // Another Redis process answers now: A mirrored every pin again (those acknowledged by
  // the old master just before it died may never have reached the replica).
  expect(a.stats().pinRemirrors).toBeGreaterThanOrEqual(1);
  expect(lines.some((l) => l.includes('another Redis server answers'))).toBe(true);

  // The peer controller follows too: it has the rows written during the failover, and
  // load updates flow between the two again.
  await waitFor('B to see the last row written during the failover', () => b.loads.get('k', 's3')?.load === lastLoad, 30_000);
  a.reportLoad({ subnet: 'k', targetId: 's4', load: 4, reportedAt: 4 });
  await waitFor('B to see a row A wrote after the failover', () => b.loads.get('k', 's4')?.load === 4, 30_000);

  // The ha lease was replicated: its holder renews it on the new master; nobody else gets it.
  expect(await eventually('the lease to renew on the new master', () => lease.renew('ctl-a', taken.generation, 60_000), (ok) => ok)).toBe(true);
  expect(await lease.acquire('ctl-b', 60_000)).toEqual({ granted: false, holder: { owner: 'ctl-a', generation: taken.generation } });
  await lease.release('ctl-a', taken.generation);
  const next = await lease.acquire('ctl-b', 60_000);
  expect(next.granted && next.generation > taken.generation).toBe(true);

  // The API document is there and can be changed.
  expect(await eventually('the API state to load', () => api.load(), (s) => s !== undefined)).toEqual({ generation: 1, text: '{"v":1}' });
  expect(await api.save('{"v":2}', 2, 1)).toBe(true);

  expect(escaped).toEqual([]);
});

// Runs after the test above: the replica is the master now and the old master is dead.
it('fails over back: the old master restarts empty, Sentinel makes it a replica, the store ignores it until it is promoted', async () => {
  const prefix = `sentinel-${process.pid}-2:`;
  const a = new RedisStore({ ...d.endpoint, keyPrefix: prefix, instanceId: 'A' });
  open.push(a);
  await a.start();
  const pins = new Pins(a.pins);
  for (let p = 1; p <= 100; p++) pins.claim(tuple(p), 'srv-a', 1n, 100);
  await a.settle();

  // The old master comes back empty, as a master, and Sentinel turns it into a replica of
  // the new one (+convert-to-slave, several seconds later); it then copies the data. Only
  // once every sentinel sees the new master up: a sentinel that still thought it down
  // could promote the empty old master instead (the Redis Sentinel docs warn about
  // restarting a master without persistence; the store would heal the pins and rows).
  await d.waitForMaster(d.replica.port);
  await d.master.restart();
  const back = direct(d.master.port);
  try {
    await waitFor('the old master to become a synced replica of the new one', async () => {
      const info = await back.info('replication');
      return /^role:slave\s*$/m.test(info) && new RegExp(`^master_port:${d.replica.port}\\s*$`, 'm').test(info) && /^master_link_status:up\s*$/m.test(info);
    }, 60_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${d.diagnostics()}`);
    });
    // The store never went there: it still writes to the current master.
    for (let p = 101; p <= 150; p++) pins.claim(tuple(p), 'srv-a', 1n, 100);
    await a.settle();
    expect(a.stats()).toMatchObject({ connected: true, pendingPinOps: 0 });

    const remirrorsBefore = a.stats().pinRemirrors ?? 0;
    const killedAt = performance.now();
    await d.replica.kill();
    for (let p = 151; p <= 160; p++) pins.claim(tuple(p), 'srv-b', 1n, 200);
    // The pins claimed after the kill can only leave the queue for a master that answers.
    await waitFor('A to drain its queue on a new master', () => a.stats().connected && a.stats().pendingPinOps === 0, 60_000).catch((err: Error) => {
      throw new Error(`${err.message}\nstore: ${JSON.stringify(a.stats())}\n${d.diagnostics()}`);
    });
    console.log(`sentinel failover back: kill -> store drained on the old master ${Math.round(performance.now() - killedAt)} ms`);
    await d.waitForMaster(d.master.port);
    await waitFor('all 160 pins on the promoted old master', async () => (await pinsOn(back, prefix)).size === 160, 30_000);
    expect(a.stats().pinRemirrors).toBeGreaterThan(remirrorsBefore);
  } finally {
    back.disconnect();
  }
  expect(escaped).toEqual([]);
});
