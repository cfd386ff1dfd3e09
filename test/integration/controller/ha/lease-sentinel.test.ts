// The hot-spare lease through Redis Sentinel: two coordinators (real clocks, real Lua
// scripts, fake cores) whose Redis master is killed. A Sentinel failover takes seconds,
// far longer than the lease, so it is a lease lapse: the master stops writing by its own
// clock, and once the promoted replica answers one of the two takes the lease with a
// higher generation and the other stands by. At no sampled instant do both write.
import { systemClock } from '../../../../controller/clock';
import { HotSpare } from '../../../../controller/ha/hot-spare';
import type { LeaseTiming } from '../../../../controller/ha/lease';
import { RedisLeaseStore } from '../../../../controller/ha/redis-lease';
import { silentLogger } from '../../../../controller/logger';
import { startSentinelDeployment, type SentinelDeployment } from '../../../support/redis-sentinel';
import { waitFor } from '../store/helpers';
import { Core } from './recording-core';

// The ha section's defaults.
const timing: LeaseTiming = { ttlMs: 400, renewIntervalMs: 100, acquireIntervalMs: 50, safetyMarginMs: 50 };

jest.setTimeout(120_000);

let d: SentinelDeployment;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  d = await startSentinelDeployment();
}, 90_000);

afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  await d?.stop();
});

function node(owner: string, keyPrefix: string): { spare: HotSpare; core: Core; store: RedisLeaseStore } {
  // As cli/hot-spare.ts makes it: the command timeout is half the lease.
  const store = new RedisLeaseStore({ ...d.endpoint, keyPrefix, commandTimeoutMs: timing.ttlMs / 2 });
  const core = new Core();
  const spare = new HotSpare({ controller: core, store, timing, clock: systemClock, owner, log: silentLogger() });
  cleanups.push(async () => {
    await spare.stop();
    await store.close();
  });
  return { spare, core, store };
}

it('a killed Redis master is a lease lapse: one controller holds the lease again afterwards, with a higher generation, never two at once', async () => {
  const prefix = `ha-sentinel-${process.pid}:`;
  const a = node('a', prefix);
  await a.store.whenReady(10_000);
  a.spare.start();
  await waitFor('a master', () => a.spare.state === 'master', 10_000);
  const b = node('b', prefix);
  await b.store.whenReady(10_000);
  b.spare.start();
  await waitFor('b standing by', () => b.core.claims.length > 0, 10_000);
  const genA = a.core.claims[0]!.generationId;

  const killedAt = performance.now();
  await d.master.kill();
  let aStoppedAt = -1;
  let bothWrote = false;
  let backAt = -1;
  await waitFor('one controller to hold the lease on the promoted replica', () => {
    const now = performance.now();
    const aw = a.core.check();
    const bw = b.core.check();
    if (aw && bw) bothWrote = true;
    if (aStoppedAt < 0 && !aw) aStoppedAt = now;
    const last = [...a.core.claims, ...b.core.claims].filter((c) => c.role === 'master').map((c) => c.generationId);
    if (backAt < 0 && last.some((g) => g > genA) && (aw || bw)) backAt = now;
    return backAt >= 0;
  }, 60_000).catch((err: Error) => {
    throw new Error(`${err.message}\n${d.diagnostics()}`);
  });
  await d.waitForMaster(d.replica.port);

  // The one that lost (or never had) it settles as slave under the new generation.
  const winner = a.core.check() ? a : b;
  const loser = winner === a ? b : a;
  const gen = winner.core.claims.filter((c) => c.role === 'master').at(-1)!.generationId;
  expect(gen).toBeGreaterThan(genA);
  await waitFor('the other to stand by under the new generation', () => loser.core.claims.at(-1)?.role === 'slave' && loser.core.claims.at(-1)?.generationId === gen, 10_000);
  expect(loser.core.check()).toBe(false);
  expect(bothWrote).toBe(false);
  // The old master stopped writing by its own clock, within about a lease of the kill.
  expect(aStoppedAt - killedAt).toBeLessThan(timing.ttlMs + 600);
  process.stdout.write(
    `lease over sentinel failover: master stopped writing ${(aStoppedAt - killedAt).toFixed(0)} ms after the kill, `
      + `${winner === a ? 'the same controller' : 'the spare'} master again after ${(backAt - killedAt).toFixed(0)} ms\n`,
  );
});
