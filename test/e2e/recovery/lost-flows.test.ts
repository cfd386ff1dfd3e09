// Recovery at the host site when the ingress switch loses flows while it stays
// connected, and when a connection idles past its pin flow's idle timeout (issue 10,
// items 1 and 2). Two long downloads through the VIP are the victims; their servers are
// drained first, so a connection decided afresh would land on another server and be
// reset. Each row asserts that no victim broke and that new connections work again
// (the seconds it took are logged, not asserted: speed belongs to `npm run faults`).
import { formatOutcome, runFault, startFaultSite, type FaultName } from '../../support/fault-scenarios';
import type { Site } from '../../support/site-harness';

let site: Site;

beforeAll(async () => {
  site = await startFaultSite('recovery-lost-flows');
}, 180_000);

afterAll(async () => {
  await site?.stop();
});

const ROWS: FaultName[] = ['all-flows-deleted', 'pinned-flow-deleted', 'idle-twice-the-flow-timeout'];

/** What the controller must have done for the fault to have happened at all (no row passes vacuously). */
const EVIDENCE: Record<string, string> = {
  'all-flows-deleted': 'pin_flow_reinstalled',
  'pinned-flow-deleted': 'pin_flow_reinstalled',
  'idle-twice-the-flow-timeout': 'repinned',
};

describe('recovery of lost flows on the ingress switch (real OVS, agents, Redis)', () => {
  it.each(ROWS)('%s: no established connection breaks, new connections work again', async (fault) => {
    const out = await runFault(site, fault);
    process.stdout.write(`FAULT ${formatOutcome(out)}\n`);
    expect(out.problems).toEqual([]);
    expect(out.broken).toBe(0);
    expect(out.secondsUntilNewConnections).not.toBeNull();
    expect(out.recoveryEvents[EVIDENCE[fault]!] ?? 0).toBeGreaterThan(0);
  }, 180_000);
});
