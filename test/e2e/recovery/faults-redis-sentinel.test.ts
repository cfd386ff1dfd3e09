// The host site's store behind Redis Sentinel (issue 10 items 8 and 9): a master, a
// replica and three sentinels; the master is SIGKILLed while two long downloads run
// through the VIP (their servers drained). The sentinels promote the replica, the
// controller's store follows them to it and mirrors its pins again (one decided while
// there was no master included). No victim breaks, new connections work again.
import { formatOutcome, runFault } from '../../support/fault-scenarios';
import { startFaultSiteFor, type FaultSite } from '../../support/fault-sites';

let f: FaultSite;

beforeAll(async () => {
  f = await startFaultSiteFor('sentinel', 'recovery-faults-redis-sentinel');
}, 180_000);

afterAll(async () => {
  await f?.stop();
});

describe('Redis Sentinel failover under the host site (real OVS, agents, Redis)', () => {
  it('breaks no established connection, and new connections work again', async () => {
    const out = await runFault(f.site, 'redis-sentinel-failover', { sentinel: f.sentinel });
    process.stdout.write(`FAULT ${formatOutcome(out)}\n`);
    expect(out.problems).toEqual([]);
    expect(out.broken).toBe(0);
    expect(out.secondsUntilNewConnections).not.toBeNull();
  }, 180_000);
});
