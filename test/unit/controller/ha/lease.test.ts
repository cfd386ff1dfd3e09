// The master lease as pure decisions over a hand-moved clock, and the hot-spare
// coordinator driven tick by tick against an in-memory lease store that keeps time
// with the same clock.
import { ManualClock } from '../../../../controller/clock';
import type { RoleClaimOutcome, TakeoverReconcile } from '../../../../controller/controller';
import { HotSpare, type RoleHost } from '../../../../controller/ha/hot-spare';
import { checkTiming, LeaseTracker, type LeaseHolder, type LeaseTiming } from '../../../../controller/ha/lease';
import type { AcquireResult, LeaseStore } from '../../../../controller/ha/redis-lease';
import { silentLogger } from '../../../../controller/logger';

const timing: LeaseTiming = { ttlMs: 500, renewIntervalMs: 100, acquireIntervalMs: 100, safetyMarginMs: 50 };

describe('LeaseTracker', () => {
  it('counts the lease from when the command was sent, less the safety margin', () => {
    const clock = new ManualClock(1000);
    const t = new LeaseTracker(timing, clock);
    expect(t.next()).toEqual({ kind: 'acquire' });
    t.attempt(1000);
    clock.set(1030); // the reply came 30 ms later
    expect(t.granted(1000, 7n)).toBe(true);
    expect(t.writableUntil).toBe(1000 + 500 - 50);
    expect(t.holds()).toBe(true);
    clock.set(1449);
    expect(t.holds()).toBe(true);
    clock.set(1450);
    expect(t.holds()).toBe(false);
    expect(t.state).toBe('lapsed');
  });

  it('renews on its interval and extends the lease only forward', () => {
    const clock = new ManualClock(0);
    const t = new LeaseTracker(timing, clock);
    t.attempt(0);
    t.granted(0, 1n);
    expect(t.next()).toEqual({ kind: 'wait', untilMs: 100 });
    clock.set(100);
    expect(t.next()).toEqual({ kind: 'renew' });
    t.attempt(100);
    expect(t.granted(100, 1n)).toBe(false); // the same holding, not a new one
    expect(t.writableUntil).toBe(550);
  });

  it('keeps writing through failed renewals only until its own clock says the lease ran out', () => {
    const clock = new ManualClock(0);
    const t = new LeaseTracker(timing, clock);
    t.attempt(0);
    t.granted(0, 1n);
    for (const at of [100, 200, 300, 400]) {
      clock.set(at);
      expect(t.next()).toEqual({ kind: 'renew' });
      t.attempt(at);
      t.unreachable();
      expect(t.holds()).toBe(true);
    }
    clock.set(450);
    expect(t.holds()).toBe(false);
    clock.set(500);
    // Lapsed: it asks the store like a spare; the store decides who gets it.
    expect(t.next()).toEqual({ kind: 'acquire' });
    t.attempt(500);
    expect(t.granted(500, 2n)).toBe(true);
  });

  it('a holder that learns of another holder stops at once and becomes a spare', () => {
    const clock = new ManualClock(0);
    const t = new LeaseTracker(timing, clock);
    t.attempt(0);
    t.granted(0, 1n);
    expect(t.heldBy({ owner: 'b', generation: 2n })).toBe(true);
    expect(t.holds()).toBe(false);
    expect(t.state).toBe('spare');
    expect(t.currentHolder).toEqual({ owner: 'b', generation: 2n });
  });

  it('refuses timings where one lost renewal ends the lease', () => {
    expect(checkTiming(timing)).toEqual([]);
    expect(checkTiming({ ...timing, renewIntervalMs: 300 })).toHaveLength(1);
    expect(checkTiming({ ...timing, renewIntervalMs: 300, safetyMarginMs: 200 })).toHaveLength(2);
    expect(checkTiming({ ...timing, safetyMarginMs: 400 })).toHaveLength(1);
  });
});

/** A lease store keeping time with the test's clock, shared by several coordinators. */
class FakeLeaseStore implements LeaseStore {
  lease: { owner: string; generation: bigint; expiresAt: number } | null = null;
  generation = 100n;
  down = false;
  constructor(private readonly clock: ManualClock) {}
  private live(): typeof this.lease {
    if (this.lease && this.clock.now() >= this.lease.expiresAt) this.lease = null;
    return this.lease;
  }
  private check(): void {
    if (this.down) throw new Error('connection refused');
  }
  async acquire(owner: string, ttlMs: number): Promise<AcquireResult> {
    this.check();
    const cur = this.live();
    if (cur && cur.owner !== owner) return { granted: false, holder: { owner: cur.owner, generation: cur.generation } };
    if (cur) {
      cur.expiresAt = this.clock.now() + ttlMs;
      return { granted: true, generation: cur.generation };
    }
    this.generation++;
    this.lease = { owner, generation: this.generation, expiresAt: this.clock.now() + ttlMs };
    return { granted: true, generation: this.generation };
  }
  async renew(owner: string, generation: bigint, ttlMs: number): Promise<boolean> {
    this.check();
    const cur = this.live();
    if (!cur || cur.owner !== owner || cur.generation !== generation) return false;
    cur.expiresAt = this.clock.now() + ttlMs;
    return true;
  }
  async release(owner: string, generation: bigint): Promise<void> {
    const cur = this.live();
    if (cur && cur.owner === owner && cur.generation === generation) this.lease = null;
  }
  async holder(): Promise<LeaseHolder | null> {
    this.check();
    const cur = this.live();
    return cur && { owner: cur.owner, generation: cur.generation };
  }
  async close(): Promise<void> {}
}

/** Records role claims as the core would get them; every switch answers at once. */
class FakeCore implements RoleHost {
  readonly claims: Array<{ role: string; generationId: bigint; reconcile?: TakeoverReconcile }> = [];
  leaseCheck: () => boolean = () => false;
  stale = false;
  readonly order: string[];
  constructor(order: string[]) {
    this.order = order;
  }
  async claimRole(role: 'master' | 'slave', generationId: bigint, reconcile?: TakeoverReconcile): Promise<RoleClaimOutcome[]> {
    this.claims.push({ role, generationId, reconcile });
    this.order.push(`claim-${role}`);
    return [{ dpid: 1n, ok: !this.stale, role: this.stale ? undefined : role, code: this.stale ? 'ROLE_STALE' : undefined }];
  }
  setLeaseCheck(holds: () => boolean): void {
    this.leaseCheck = holds;
  }
}

function pair(clock: ManualClock, store: FakeLeaseStore, owner: string, order: string[] = []): { spare: HotSpare; core: FakeCore; demoted: LeaseHolder[] } {
  const core = new FakeCore(order);
  const demoted: LeaseHolder[] = [];
  const spare = new HotSpare({
    controller: core, store, timing, clock, owner, log: silentLogger(),
    hooks: {
      beforeMaster: async () => {
        order.push(`restore-${owner}`);
      },
      afterMaster: async () => {
        order.push(`serve-${owner}`);
      },
      demoted: (h) => demoted.push(h),
    },
  });
  return { spare, core, demoted };
}

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

describe('HotSpare', () => {
  it('the first to ask becomes master: pins restored before MASTER is claimed, peers served after', async () => {
    const clock = new ManualClock(0);
    const store = new FakeLeaseStore(clock);
    const order: string[] = [];
    const a = pair(clock, store, 'a', order);
    await a.spare.tick();
    await flush();
    expect(order).toEqual(['restore-a', 'claim-master', 'serve-a']);
    expect(a.core.claims).toEqual([{ role: 'master', generationId: 101n, reconcile: 'keep-stale' }]);
    expect(a.core.leaseCheck()).toBe(true);
    expect(a.spare.counters).toMatchObject({ promotions: 1, failovers: 0 });
  });

  it('the other stands by as SLAVE with the holder generation, and takes over with a higher one once the lease expires', async () => {
    const clock = new ManualClock(0);
    const store = new FakeLeaseStore(clock);
    const a = pair(clock, store, 'a');
    const b = pair(clock, store, 'b');
    await a.spare.tick();
    await b.spare.tick();
    await flush();
    expect(b.core.claims).toEqual([{ role: 'slave', generationId: 101n, reconcile: undefined }]);
    expect(b.core.leaseCheck()).toBe(false);
    // a renews on time while it lives.
    for (let at = 100; at <= 1000; at += 100) {
      clock.set(at);
      await a.spare.tick();
      await b.spare.tick();
    }
    expect(b.spare.state).toBe('spare');
    // a dies (SIGKILL): no more ticks. b takes over once the store's copy expired.
    let takenAt = -1;
    for (let at = 1100; at <= 2000 && takenAt < 0; at += 100) {
      clock.set(at);
      await b.spare.tick();
      if (b.spare.state === 'master') takenAt = at;
    }
    await flush();
    expect(takenAt).toBe(1500); // a's last renewal at 1000 + ttl 500
    expect(b.core.claims.at(-1)).toEqual({ role: 'master', generationId: 102n, reconcile: 'keep-stale' });
    expect(b.spare.counters).toMatchObject({ promotions: 1, failovers: 1 });
    expect(b.spare.lastTakeover).toMatchObject({ generation: '102', from: 'a', switches: 1, refused: 0 });
    // a's own clock had stopped it writing before b could take the lease.
    expect(a.core.leaseCheck()).toBe(false);
  });

  it('a master cut off from the store stops writing when its lease runs out, never later', async () => {
    const clock = new ManualClock(0);
    const store = new FakeLeaseStore(clock);
    const a = pair(clock, store, 'a');
    await a.spare.tick();
    store.down = true;
    clock.set(100);
    await a.spare.tick();
    expect(a.core.leaseCheck()).toBe(true);
    clock.set(449);
    expect(a.core.leaseCheck()).toBe(true);
    clock.set(450);
    expect(a.core.leaseCheck()).toBe(false);
    expect(a.spare.counters.storeErrors).toBe(1);
  });

  it('a paused master that wakes up after the spare took over is demoted and writes nothing', async () => {
    const clock = new ManualClock(0);
    const store = new FakeLeaseStore(clock);
    const a = pair(clock, store, 'a');
    const b = pair(clock, store, 'b');
    await a.spare.tick();
    clock.set(600); // a was paused (SIGSTOP) past its lease
    await b.spare.tick();
    await flush();
    expect(b.spare.state).toBe('master');
    expect(a.core.leaseCheck()).toBe(false);
    await a.spare.tick(); // its renewal finds b's lease
    expect(a.demoted).toEqual([{ owner: 'b', generation: 102n }]);
    expect(a.core.claims.at(-1)).toEqual({ role: 'slave', generationId: 102n, reconcile: undefined });
    expect(a.spare.counters.demotions).toBe(1);
    expect(a.core.leaseCheck()).toBe(false);
  });

  it('a MASTER claim refused as stale gives the lease up so the next one carries a newer generation', async () => {
    const clock = new ManualClock(0);
    const store = new FakeLeaseStore(clock);
    const a = pair(clock, store, 'a');
    a.core.stale = true;
    await a.spare.tick();
    await flush();
    expect(a.spare.counters.staleClaims).toBe(1);
    expect(store.lease).toBeNull();
    a.core.stale = false;
    clock.set(100);
    await a.spare.tick();
    await flush();
    expect(a.core.claims.map((c) => c.generationId)).toEqual([101n, 102n]);
    expect(a.core.leaseCheck()).toBe(true);
  });

  it('a graceful stop releases the lease: the spare need not wait for it to expire', async () => {
    const clock = new ManualClock(0);
    const store = new FakeLeaseStore(clock);
    const a = pair(clock, store, 'a');
    const b = pair(clock, store, 'b');
    await a.spare.tick();
    await b.spare.tick();
    await a.spare.stop();
    expect(a.core.leaseCheck()).toBe(false);
    clock.set(100);
    await b.spare.tick();
    await flush();
    expect(b.spare.state).toBe('master');
  });
});
