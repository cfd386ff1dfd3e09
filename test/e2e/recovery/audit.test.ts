// The periodic audit (apps/recovery) on the Mininet site: when the ingress switch loses
// every flow while no pinned connection has a flow there (so no FLOW_REMOVED tells the
// controller anything: packet-in rules and table joins carry no SEND_FLOW_REM), the VIP
// would stay dead. The audit counts each app's flows by cookie, finds them missing and
// reconciles the switch; new connections to the VIP work again.
import { FAULT_VIP, startFaultSite } from '../../support/fault-scenarios';
import type { Site } from '../../support/site-harness';
import { sleep, waitUntil } from '../../support/site-logs';
import { curl } from '../../support/site-traffic';

let site: Site;

beforeAll(async () => {
  site = await startFaultSite('recovery-audit');
}, 180_000);

afterAll(async () => {
  await site?.stop();
});

/** Pin flows (table 3, above the miss flow) on the ingress switch. */
async function pinFlows(): Promise<number> {
  const out = await site.net.ofctl('s2', ['dump-flows', 'table=3']);
  return out.split('\n').filter((l) => l.includes('priority=100')).length;
}

describe('the periodic audit of the ingress switch (real OVS)', () => {
  it('puts back the packet-in rules and table joins a switch lost with no pin flow on it, and new connections work again', async () => {
    expect((await curl(site.net, 'c1', `http://${FAULT_VIP}/`)).code).toBe('200');
    // The connection's pin flow idles out (2 s): nothing left on the switch sends FLOW_REMOVED.
    await waitUntil('the pin flows to idle out', async () => (await pinFlows()) === 0, 20_000, 250);
    const mark = site.controller.records.length;
    await site.net.ofctl('s2', ['del-flows']);
    const deletedAt = Date.now();
    await site.controller.waitForLog((r) => site.controller.records.indexOf(r) >= mark && r.msg === 'recovery: switch lost flows; reconciling it', 20_000);
    await site.controller.waitForLog((r) => site.controller.records.indexOf(r) >= mark && r.msg === 'recovery: switch flows restored' && r.cause === 'audit', 20_000);
    let code = '';
    for (let i = 0; i < 20 && code !== '200'; i++) {
      code = (await curl(site.net, 'c2', `http://${FAULT_VIP}/`, 2)).code;
      if (code !== '200') await sleep(250);
    }
    process.stdout.write(`AUDIT new connections work again ${((Date.now() - deletedAt) / 1000).toFixed(2)} s after del-flows (audit every 1 s)\n`);
    expect(code).toBe('200');
  });
});
