// A new master that cannot start serving its peers at once (the old master, paused
// rather than killed, still answers on the registration socket until it wakes up and
// exits) tries again at its lease renewals, every PEER_RETRY_MS, while it holds the
// lease, never two attempts at once, and stops once they started or the lease is gone.
import { ManualClock } from '../../../../controller/clock';
import type { RoleClaimOutcome } from '../../../../controller/controller';
import { HotSpare, PEER_RETRY_MS, type RoleHost } from '../../../../controller/ha/hot-spare';
import type { LeaseHolder, LeaseTiming } from '../../../../controller/ha/lease';
import type { AcquireResult, LeaseStore } from '../../../../controller/ha/redis-lease';
import { silentLogger } from '../../../../controller/logger';

const timing: LeaseTiming = { ttlMs: 500, renewIntervalMs: 100, acquireIntervalMs: 100, safetyMarginMs: 50 };

/** Grants this process the lease (generation 1) until another holder is set. */
class OneHolderStore implements LeaseStore {
  other: LeaseHolder | null = null;
  async acquire(): Promise<AcquireResult> {
    return this.other === null ? { granted: true, generation: 1n } : { granted: false, holder: this.other };
  }
  async renew(): Promise<boolean> {
    return this.other === null;
  }
  async release(): Promise<void> {}
  async holder(): Promise<LeaseHolder | null> {
    return this.other ?? { owner: 'me', generation: 1n };
  }
  async close(): Promise<void> {}
}

/** Every switch (one) accepts every role claim. */
const core: RoleHost = {
  claimRole: async (role): Promise<RoleClaimOutcome[]> => [{ dpid: 1n, ok: true, role }],
  setLeaseCheck: () => undefined,
};

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}

/** A coordinator whose afterMaster hook is `serve`, with the clock times of its calls. */
function coordinator(serve: () => Promise<void>): { spare: HotSpare; clock: ManualClock; store: OneHolderStore; calls: number[]; ticks: (until: number) => Promise<void> } {
  const clock = new ManualClock(0);
  const store = new OneHolderStore();
  const calls: number[] = [];
  const spare = new HotSpare({
    controller: core, store, timing, clock, owner: 'me', log: silentLogger(),
    hooks: { afterMaster: () => { calls.push(clock.now()); return serve(); } },
  });
  // One tick per renewal interval, as the running loop would do.
  const ticks = async (until: number): Promise<void> => {
    for (let at = clock.now() + timing.renewIntervalMs; at <= until; at += timing.renewIntervalMs) {
      clock.set(at);
      await spare.tick();
      await flush();
    }
  };
  return { spare, clock, store, calls, ticks };
}

describe('HotSpare serving its peers after a takeover', () => {
  it('tries again every PEER_RETRY_MS while the address is taken, and stops once the peers are served', async () => {
    let failures = 2;
    const c = coordinator(async () => {
      if (failures-- > 0) throw new Error('unix socket /run/slr/as.sock is in use by another process');
    });
    await c.spare.tick();
    await flush();
    expect(c.spare.state).toBe('master');
    expect(c.calls).toEqual([0]);
    await c.ticks(2000);
    // Renewals every 100 ms; the first due after each failure (250 ms later) tries again.
    expect(PEER_RETRY_MS).toBe(250);
    expect(c.calls).toEqual([0, 300, 600]);
    expect(c.spare.counters.peerStartFailures).toBe(2);
  });

  it('never runs two attempts at once: a slow one is waited for, then retried after it failed', async () => {
    let fail: (err: Error) => void = () => undefined;
    let pending = true;
    const c = coordinator(() => (pending ? new Promise<void>((_resolve, reject) => (fail = reject)) : Promise.resolve()));
    await c.spare.tick();
    await flush();
    await c.ticks(1000);
    expect(c.calls).toEqual([0]);
    pending = false;
    fail(new Error('listen EADDRINUSE'));
    await flush();
    await c.ticks(1300);
    expect(c.calls).toEqual([0, 1300]);
    expect(c.spare.counters.peerStartFailures).toBe(1);
    await c.ticks(2000);
    expect(c.calls).toHaveLength(2);
  });

  it('stops trying once another process holds the lease', async () => {
    const c = coordinator(async () => {
      throw new Error('unix socket /run/slr/as.sock is in use by another process');
    });
    await c.spare.tick();
    await flush();
    await c.ticks(300);
    expect(c.calls).toEqual([0, 300]);
    c.store.other = { owner: 'other', generation: 2n };
    await c.ticks(2000);
    expect(c.spare.state).toBe('spare');
    expect(c.spare.counters.demotions).toBe(1);
    expect(c.calls).toEqual([0, 300]);
  });

  it('a stopped coordinator tries no more', async () => {
    const c = coordinator(async () => {
      throw new Error('in use');
    });
    await c.spare.tick();
    await flush();
    await c.spare.stop();
    await c.ticks(2000);
    expect(c.calls).toEqual([0]);
  });
});
