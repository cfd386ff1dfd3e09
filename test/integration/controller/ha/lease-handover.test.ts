// The master lease on a real Redis: two hot-spare coordinators (real clocks, real Lua
// scripts) over fake cores. One holds, the other stands by with the holder's generation;
// when the holder stops answering (its process frozen or killed) the other takes the
// lease with a higher generation, and never before the old holder stopped writing.
import { systemClock } from '../../../../controller/clock';
import { HotSpare } from '../../../../controller/ha/hot-spare';
import type { LeaseTiming } from '../../../../controller/ha/lease';
import { RedisLeaseStore, type AcquireResult, type LeaseStore } from '../../../../controller/ha/redis-lease';
import { silentLogger } from '../../../../controller/logger';
import { startRedisServer, type RedisServerHandle } from '../../../support/redis-server';
import { waitFor } from '../store/helpers';
import { Core } from './recording-core';

const timing: LeaseTiming = { ttlMs: 400, renewIntervalMs: 80, acquireIntervalMs: 50, safetyMarginMs: 40 };

jest.setTimeout(30_000);

/**
 * A lease store whose commands can be made to go unanswered, as if the process were
 * frozen: each fails after the command timeout, as ioredis's commandTimeout would.
 */
class Freezable implements LeaseStore {
  frozen = false;
  constructor(private readonly inner: LeaseStore) {}
  private gate<T>(p: () => Promise<T>): Promise<T> {
    if (!this.frozen) return p();
    return new Promise<T>((_resolve, reject) => setTimeout(() => reject(new Error('Command timed out')), 200));
  }
  acquire(owner: string, ttlMs: number): Promise<AcquireResult> {
    return this.gate(() => this.inner.acquire(owner, ttlMs));
  }
  renew(owner: string, generation: bigint, ttlMs: number): Promise<boolean> {
    return this.gate(() => this.inner.renew(owner, generation, ttlMs));
  }
  release(owner: string, generation: bigint): Promise<void> {
    return this.gate(() => this.inner.release(owner, generation));
  }
  holder(): ReturnType<LeaseStore['holder']> {
    return this.gate(() => this.inner.holder());
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

let redis: RedisServerHandle;
let n = 0;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});
afterAll(async () => {
  await redis.stop();
});

function node(owner: string, keyPrefix: string): { spare: HotSpare; core: Core; store: Freezable } {
  const real = new RedisLeaseStore({ url: redis.url, keyPrefix, commandTimeoutMs: 200 });
  const store = new Freezable(real);
  const core = new Core();
  const spare = new HotSpare({ controller: core, store, timing, clock: systemClock, owner, log: silentLogger() });
  cleanups.push(async () => {
    store.frozen = false;
    await spare.stop();
    await real.close();
  });
  return { spare, core, store };
}

describe('master lease in Redis', () => {
  it('hands over to the spare with a higher generation only after the frozen master stopped writing', async () => {
    const prefix = `ha${process.pid}-${++n}:`;
    const a = node('a', prefix);
    a.spare.start();
    await waitFor('a master', () => a.spare.state === 'master');
    const b = node('b', prefix);
    b.spare.start();
    await waitFor('b standing by as slave', () => b.core.claims.length > 0);
    const genA = a.core.claims[0]!.generationId;
    expect(b.core.claims[0]).toEqual({ role: 'slave', generationId: genA });
    // Several lease lifetimes pass: a keeps renewing, b never takes it.
    await new Promise((r) => setTimeout(r, 3 * timing.ttlMs));
    expect(a.spare.state).toBe('master');
    expect(b.spare.state).toBe('spare');
    expect(b.core.check()).toBe(false);

    // a freezes: no renewal reaches Redis any more.
    a.store.frozen = true;
    const frozenAt = performance.now();
    let aStoppedAt = -1;
    let bMasterAt = -1;
    await waitFor('b master', () => {
      const now = performance.now();
      if (aStoppedAt < 0 && !a.core.check()) aStoppedAt = now;
      if (bMasterAt < 0 && b.core.check()) bMasterAt = now;
      return bMasterAt >= 0;
    }, 5000);
    expect(aStoppedAt).toBeGreaterThanOrEqual(0);
    expect(aStoppedAt).toBeLessThanOrEqual(bMasterAt);
    const claimB = b.core.claims.at(-1)!;
    expect(claimB.role).toBe('master');
    expect(claimB.generationId).toBeGreaterThan(genA);
    expect(b.spare.counters.failovers).toBe(1);
    process.stdout.write(`lease handover: old master stopped writing ${(aStoppedAt - frozenAt).toFixed(0)} ms after freezing, spare master after ${(bMasterAt - frozenAt).toFixed(0)} ms (ttl ${timing.ttlMs} ms)\n`);

    // a thaws: its renewal finds b's lease, it claims SLAVE with b's generation.
    a.store.frozen = false;
    await waitFor('a demoted', () => a.spare.counters.demotions === 1);
    expect(a.core.claims.at(-1)).toEqual({ role: 'slave', generationId: claimB.generationId });
    expect(a.core.check()).toBe(false);
  });

  it('a graceful stop releases the lease and the spare takes it at its next try', async () => {
    const prefix = `ha${process.pid}-${++n}:`;
    const a = node('a', prefix);
    a.spare.start();
    await waitFor('a master', () => a.spare.state === 'master');
    const b = node('b', prefix);
    b.spare.start();
    await waitFor('b slave', () => b.core.claims.length > 0);
    await a.spare.stop();
    await waitFor('b master', () => b.spare.state === 'master', 2000);
    expect(b.spare.counters.failovers).toBe(1);
  });

  it('generation ids keep growing when Redis restarts empty', async () => {
    const prefix = `ha${process.pid}-${++n}:`;
    const store = new RedisLeaseStore({ url: redis.url, keyPrefix: prefix, commandTimeoutMs: 500 });
    cleanups.push(() => store.close());
    await waitFor('lease store connected', async () => store.holder().then(() => true, () => false));
    const first = await store.acquire('x', 1000);
    expect(first.granted).toBe(true);
    const g1 = first.granted ? first.generation : 0n;
    expect(await store.holder()).toEqual({ owner: 'x', generation: g1 });
    expect(await store.acquire('y', 1000)).toEqual({ granted: false, holder: { owner: 'x', generation: g1 } });
    expect(await store.renew('y', g1, 1000)).toBe(false);
    expect(await store.renew('x', g1, 1000)).toBe(true);
    await redis.restart();
    await waitFor('lease store reconnected', async () => store.holder().then(() => true, () => false));
    expect(await store.holder()).toBeNull();
    const second = await store.acquire('y', 1000);
    expect(second.granted).toBe(true);
    expect(second.granted && second.generation).toBeGreaterThan(g1);
  });
});
