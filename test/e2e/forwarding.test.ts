// slr's forwarding app on real Open vSwitch: a 3-switch line with 5 hosts, every host
// reaches every other, and the switches hold exactly the flows an L2 learning switch
// with exact-match flows should have installed, under the app's cookies.
import path from 'node:path';
import { REPO_ROOT } from '../support/artifacts';
import { startE2eNetwork, type E2eNetwork } from '../support/e2e-network';
import { cookieAppId, ethDst, ethSrc, isTableMiss } from '../support/flow-table';
import {
  FORWARDING_APP_ID, forwardingTestConfig, hasTableMiss, IDLE_TIMEOUT, isForwardingFlow, isPipelineFlow, L2_TABLE, LEARNED_LOCAL, localCookie, PRIORITY,
} from '../support/forwarding-expect';
import { dumpAll, waitForTables } from '../support/switch-checks';
import { TopologyPaths } from '../support/topology-paths';
import { httpStatus, startHttpServer } from '../support/traffic';

const TOPOLOGY = 'topologies/linear3.json';

describe('forwarding app on linear3 (3 switches, 5 hosts, real OVS)', () => {
  const paths = new TopologyPaths(path.join(REPO_ROOT, TOPOLOGY));
  let env: E2eNetwork;

  beforeAll(async () => {
    env = await startE2eNetwork({ name: 'forwarding', topology: TOPOLOGY, controllerConfig: forwardingTestConfig() });
    await env.net.waitConnected(30);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('installs the table-miss flow to the controller on every switch', async () => {
    await waitForTables(env.net, hasTableMiss, 'the forwarding table-miss flow');
  });

  it('connects every host to every other host with 0% loss', async () => {
    const res = await env.net.pingAll({ count: 1, timeoutS: 3 });
    expect(res.failed).toEqual([]);
    expect(res.loss).toBe(0);
    expect(res.sent).toBe(20);
  });

  it('carries TCP: an HTTP fetch across all three switches returns 200', async () => {
    const server = await startHttpServer(env.net, 'h5');
    try {
      expect(await httpStatus(env.net, 'h1', server.url)).toBe('200');
    } finally {
      await env.net.kill(server.pid);
    }
  });

  it('holds an exact-match learned flow on every switch of every pinged path', async () => {
    const tables = await dumpAll(env.net);
    const missing: string[] = [];
    for (const src of paths.hostNames()) {
      for (const dst of paths.hostNames()) {
        if (src === dst) continue;
        for (const hop of paths.path(src, dst)) {
          const found = tables[hop.switch]!.find((f) =>
            ethSrc(f) === paths.mac(src) && ethDst(f) === paths.mac(dst) && f.match.in_port === String(hop.inPort));
          if (!found) {
            missing.push(`${hop.switch}: ${src}->${dst} in_port=${hop.inPort}`);
            continue;
          }
          expect(found.actions).toBe(`output:${hop.outPort}`);
          expect(found.priority).toBe(PRIORITY);
          expect(found.idleTimeout).toBe(IDLE_TIMEOUT);
          expect(cookieAppId(found.cookie)).toBe(FORWARDING_APP_ID);
          expect(localCookie(found)).toBe(LEARNED_LOCAL);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('installs nothing but the pipeline joints, its own table-miss and learned flows', async () => {
    const tables = await dumpAll(env.net);
    for (const flows of Object.values(tables)) {
      expect(flows.filter((f) => !isForwardingFlow(f) && !isPipelineFlow(f)).map((f) => f.raw)).toEqual([]);
      const own = flows.filter(isForwardingFlow);
      expect(own.every((f) => f.table === L2_TABLE)).toBe(true);
      expect(own.filter(isTableMiss)).toHaveLength(1);
      // Learned flows match exactly in_port, eth_src and eth_dst: no wildcards.
      for (const f of own.filter((x) => !isTableMiss(x))) {
        expect(Object.keys(f.match).sort()).toEqual(['dl_dst', 'dl_src', 'in_port']);
      }
    }
  });
});
