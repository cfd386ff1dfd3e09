// ovs-vswitchd restarts (a crash or an upgrade): its OpenFlow tables come back empty,
// the switches reconnect, and slr must make the network forward again.
//
// The network runs on its own ovsdb-server/ovs-vswitchd pair (privateOvs), so the
// restart is a real stop and start of the OVS switch daemon that touches no other
// bridge on this machine - restarting the machine's daemon would break everyone
// else's bridges.
import { startE2eNetwork, type E2eNetwork } from '../support/e2e-network';
import { forwardingTestConfig, hasTableMiss, isForwardingTableMiss } from '../support/forwarding-expect';
import { normDpid, waitForTables } from '../support/switch-checks';
import { httpStatus, startHttpServer } from '../support/traffic';

describe('ovs-vswitchd restart on linear3 (own OVS instance)', () => {
  let env: E2eNetwork;

  beforeAll(async () => {
    env = await startE2eNetwork({
      name: 'ovs-restart', topology: 'topologies/linear3.json', controllerConfig: forwardingTestConfig(), privateOvs: true,
    });
    await env.net.waitConnected(30);
    await waitForTables(env.net, hasTableMiss, 'the forwarding table-miss flow');
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('forwards every pair before the restart', async () => {
    const res = await env.net.pingAll({ timeoutS: 3 });
    expect(res.failed).toEqual([]);
    expect(res.loss).toBe(0);
  });

  it('restarts the switch daemon (a new process) and every switch reconnects', async () => {
    const mark = env.controller.records.length;
    const { pidBefore, pidAfter } = await env.net.restartOvs(1);
    expect(pidAfter).not.toBe(pidBefore);
    await env.net.waitConnected(30);
    // The controller saw each switch go down and come up again.
    for (const sw of Object.values(env.net.info.switches)) {
      await env.controller.waitForLog((r) => env.controller.records.indexOf(r) >= mark && r.msg === 'switch up'
        && normDpid(String(r.dpid)) === sw.dpid, 20_000);
    }
  });

  it('gets the table-miss flow back from the controller on every switch', async () => {
    const tables = await waitForTables(env.net, hasTableMiss, 'the table-miss flow after the restart');
    for (const flows of Object.values(tables)) expect(flows.filter(isForwardingTableMiss)).toHaveLength(1);
  });

  it('forwards every pair again, TCP included', async () => {
    const res = await env.net.pingAll({ timeoutS: 3 });
    expect(res.failed).toEqual([]);
    expect(res.loss).toBe(0);
    const server = await startHttpServer(env.net, 'h3');
    try {
      expect(await httpStatus(env.net, 'h5', server.url)).toBe('200');
    } finally {
      await env.net.kill(server.pid);
    }
  });
});
