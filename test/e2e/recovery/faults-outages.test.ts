// Outages beside the switches at the host site (issue 10 item 9), on real Open vSwitch
// with real agents and a real Redis: a server's HTTP server dies while its agent checks
// the service, Redis crashes and stays away for a while, and Redis restarts empty. Two
// long downloads through the VIP are the victims. Each row asserts that no victim broke,
// that new connections work again, and that the fault did what it should: the dead
// server left new decisions; the store served from memory and caught up, the victims'
// pins (and one decided during the outage) back in Redis. Seconds are printed, not
// asserted (`npm run faults` measures them).
import { formatOutcome, runFault, startFaultSite, type FaultName } from '../../support/fault-scenarios';
import type { Site } from '../../support/site-harness';

let site: Site;

beforeAll(async () => {
  site = await startFaultSite('recovery-faults-outages');
}, 180_000);

afterAll(async () => {
  await site?.stop();
});

const ROWS: FaultName[] = ['server-death', 'redis-down', 'redis-restarted-empty'];

describe('server death and Redis outages at the host site (real OVS, agents, Redis)', () => {
  it.each(ROWS)('%s: no established connection breaks, new connections work again', async (fault) => {
    const out = await runFault(site, fault);
    process.stdout.write(`FAULT ${formatOutcome(out)}\n`);
    expect(out.problems).toEqual([]);
    expect(out.broken).toBe(0);
    expect(out.secondsUntilNewConnections).not.toBeNull();
  }, 180_000);
});
