// Recovery when the controller is SIGKILLed and started again on the same Redis with no
// hot spare (issue 10, item 4): the pins come back from Redis before the switches
// reconnect, so the first reconciliation keeps every live pinned flow instead of
// deleting it as stale. Two long downloads through the VIP are the victims (their
// servers drained, so a fresh decision would move and reset them).
import { formatOutcome, runFault, startFaultSite } from '../../support/fault-scenarios';
import type { Site } from '../../support/site-harness';

let site: Site;

beforeAll(async () => {
  site = await startFaultSite('recovery-controller-restart');
}, 180_000);

afterAll(async () => {
  await site?.stop();
});

describe('controller SIGKILL and restart without a spare (real OVS, agents, Redis)', () => {
  it('breaks no established connection, and new connections work again', async () => {
    const out = await runFault(site, 'controller-restart-no-spare');
    process.stdout.write(`FAULT ${formatOutcome(out)}\n`);
    expect(out.problems).toEqual([]);
    expect(out.broken).toBe(0);
    expect(out.secondsUntilNewConnections).not.toBeNull();
    // The restarted controller restored the victims' pins (and any others) from Redis.
    expect(out.recoveryEvents.pin_restored ?? 0).toBeGreaterThanOrEqual(2);
  }, 180_000);
});
