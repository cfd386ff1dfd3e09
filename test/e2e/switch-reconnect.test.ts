// A switch that loses its controller and comes back must find its flow table
// reconciled, not wiped.
//
// Open vSwitch itself flushes a bridge's flows when its controller list goes from
// empty to non-empty or back (bridge_configure_remotes() in vswitchd/bridge.c), so
// `del-controller` + `set-controller` can never show counters surviving. Hence two cases:
//  1. the connection drops while a controller stays configured (target moved to a dead
//     port and back): every flow must survive the reconnect with its packet counter
//     and age running on, which a delete-and-re-add by the controller would reset;
//  2. del-controller + set-controller: OVS empties the table, and the controller must
//     put back every flow it had (same match, same actions) so traffic flows again.
import { freePort } from '../support/controller-process';
import { startE2eNetwork, type E2eNetwork } from '../support/e2e-network';
import type { DumpedFlow } from '../support/flow-table';
import { forwardingTestConfig, hasTableMiss, isLearnedFlow } from '../support/forwarding-expect';
import { dumpAll, dumpAllTimed, normDpid, waitForAll, waitForTables, type FlowTables } from '../support/switch-checks';

const byKey = (flows: DumpedFlow[]): Map<string, DumpedFlow> => new Map(flows.map((f) => [f.key, f]));

describe('switch reconnect on linear3 (real OVS)', () => {
  let env: E2eNetwork;
  let switches: string[];

  /** Reconnect every switch to slr and wait for each one's reconciliation report. */
  async function reconnectAll(): Promise<Record<string, unknown>[]> {
    const mark = env.controller.records.length;
    for (const sw of switches) await env.net.setController(sw);
    await env.net.waitConnected(30);
    const reports: Record<string, unknown>[] = [];
    for (const sw of Object.values(env.net.info.switches)) {
      reports.push(await env.controller.waitForLog((r) =>
        env.controller.records.indexOf(r) >= mark && r.msg === 'reconciled' && normDpid(String(r.dpidHex)) === sw.dpid, 20_000));
    }
    return reports;
  }

  beforeAll(async () => {
    env = await startE2eNetwork({ name: 'switch-reconnect', topology: 'topologies/linear3.json', controllerConfig: forwardingTestConfig() });
    switches = Object.keys(env.net.info.switches);
    await env.net.waitConnected(30);
    await waitForTables(env.net, hasTableMiss, 'the forwarding table-miss flow');
    // Learn every host on every switch.
    expect((await env.net.pingAll({ timeoutS: 3 })).loss).toBe(0);
  });
  afterAll(async () => {
    await env?.stop();
  });

  describe('connection lost and restored, controller still configured', () => {
    let before: FlowTables;
    let beforeAt: Record<string, number>;

    it('keeps forwarding on the installed flows while the controller is unreachable (fail_mode=secure)', async () => {
      const dead = await freePort();
      for (const sw of switches) await env.net.setController(sw, dead);
      await env.net.waitConnected(20, false);
      const res = await env.net.pingAll({ timeoutS: 3 });
      expect(res.failed).toEqual([]);
      // Let the flows age a little, so that a flow deleted and re-added after the
      // reconnect would stand out by its age, even one that never counted a packet.
      await new Promise((r) => setTimeout(r, 2000));
      ({ tables: before, at: beforeAt } = await dumpAllTimed(env.net));
      // Every switch forwarded on learned flows (a flow made for one packet sent by
      // packet-out may have carried nothing itself, so not every flow has packets).
      for (const flows of Object.values(before)) {
        expect(flows.filter(isLearnedFlow).filter((f) => f.nPackets > 0).length).toBeGreaterThan(0);
      }
    });

    it('reconciles every switch on reconnect without deleting anything', async () => {
      for (const report of await reconnectAll()) {
        expect(report.readBack).toBe(true);
        expect(report.deleted).toBe(0);
        expect(report.kept as number).toBeGreaterThan(0);
      }
    });

    it('still holds every flow from before, with counters and ages not reset', async () => {
      const { tables: after, at: afterAt } = await dumpAllTimed(env.net);
      const problems: string[] = [];
      for (const [sw, flows] of Object.entries(before)) {
        const now = byKey(after[sw]!);
        const elapsedS = (afterAt[sw]! - beforeAt[sw]!) / 1000;
        for (const old of flows) {
          const cur = now.get(old.key);
          if (!cur) problems.push(`${sw}: gone: ${old.raw}`);
          else if (cur.nPackets < old.nPackets) problems.push(`${sw}: counter reset ${old.nPackets} -> ${cur.nPackets}: ${cur.raw}`);
          // A kept flow aged by the time between the dumps; a re-added one would be
          // younger than that time alone. 0.3 s covers the driver's queueing.
          else if (cur.durationS + 0.3 < old.durationS + elapsedS) problems.push(`${sw}: re-added (age ${old.durationS}s -> ${cur.durationS}s): ${cur.raw}`);
          else if (cur.actions !== old.actions || cur.cookie !== old.cookie) problems.push(`${sw}: changed: ${old.raw} -> ${cur.raw}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('forwards every pair afterwards through the kept flows', async () => {
      const kept = await dumpAll(env.net);
      const res = await env.net.pingAll({ timeoutS: 3 });
      expect(res.failed).toEqual([]);
      expect(res.loss).toBe(0);
      // OVS folds datapath statistics into flow counters about twice a second: poll.
      const grew = (later: FlowTables): boolean => Object.entries(kept).every(([sw, flows]) => {
        const now = byKey(later[sw]!);
        return flows.filter(isLearnedFlow).some((f) => (now.get(f.key)?.nPackets ?? 0) > f.nPackets);
      });
      await waitForAll(env.net, grew, 'kept learned flows to count the new pings');
    });
  });

  describe('ovs-vsctl del-controller, then set-controller', () => {
    let before: FlowTables;

    it('finds the tables emptied by Open vSwitch once the controller is deleted', async () => {
      before = await dumpAll(env.net);
      for (const sw of switches) await env.net.delController(sw);
      await env.net.waitConnected(20, false);
      const tables = await dumpAll(env.net);
      for (const flows of Object.values(tables)) expect(flows).toEqual([]);
    });

    it('gets every flow it had back from the controller after set-controller', async () => {
      const reports = await reconnectAll();
      expect(reports.every((r) => r.readBack === true && (r.added as number) > 0)).toBe(true);
      const after = await dumpAll(env.net);
      const missing: string[] = [];
      for (const [sw, flows] of Object.entries(before)) {
        const now = byKey(after[sw]!);
        for (const old of flows) {
          const cur = now.get(old.key);
          if (!cur || cur.actions !== old.actions || cur.cookie !== old.cookie) missing.push(`${sw}: ${old.raw}`);
        }
      }
      expect(missing).toEqual([]);
    });

    it('forwards every pair again', async () => {
      const res = await env.net.pingAll({ timeoutS: 3 });
      expect(res.failed).toEqual([]);
      expect(res.loss).toBe(0);
    });
  });
});
