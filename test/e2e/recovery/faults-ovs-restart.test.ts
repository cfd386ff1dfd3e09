// Open vSwitch restarted under the host site (issue 10 item 9): ovs-vswitchd stops with
// every flow and a new one starts on the same database, while two long downloads run
// through the VIP (their servers drained, so a connection decided afresh would be
// reset). The network has an Open vSwitch of its own (fault-sites.ts), so only that
// daemon restarts. The switches reconnect with empty tables; the controller puts back
// every flow, the victims' pin flows included. No victim breaks, new connections work
// again. test/e2e/ovs-restart.test.ts restarts the daemon under plain L2 forwarding with
// no connection running; this one is the same fault with established connections.
import { formatOutcome, runFault } from '../../support/fault-scenarios';
import { startFaultSiteFor, type FaultSite } from '../../support/fault-sites';

let f: FaultSite;

beforeAll(async () => {
  f = await startFaultSiteFor('own-ovs', 'recovery-faults-ovs-restart');
}, 180_000);

afterAll(async () => {
  await f?.stop();
});

describe('ovs-vswitchd restarted under the host site (own OVS, agents, Redis)', () => {
  it('breaks no established connection, and new connections work again', async () => {
    const out = await runFault(f.site, 'ovs-restart');
    process.stdout.write(`FAULT ${formatOutcome(out)}\n`);
    expect(out.problems).toEqual([]);
    expect(out.broken).toBe(0);
    expect(out.secondsUntilNewConnections).not.toBeNull();
  }, 180_000);
});
