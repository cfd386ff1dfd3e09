// Recovery on one simulated ingress switch (its flow tables as reconciliation would
// install them, the controller answering its packet-ins): the pipeline, service routing,
// flow pinning and recovery apps together. Behaviour: where a connection's packets go
// after its flow is deleted, idles out, or after a restart; what a packet nobody knows gets.
import type { App, AppContext, Change, FlowRemovedEvent } from '../../../../controller';
import type { MultipartReplyBody, MultipartRequestBody } from '../../../../southbound/codec/types';
import { ManualClock } from '../../../../controller/clock';
import { silentLogger } from '../../../../controller/logger';
import { MemoryStore } from '../../../../controller/store/memory-store';
import { FlowPinningApp } from '../../../../apps/flow-pinning/flow-pinning-app';
import { PIN_COOKIE } from '../../../../apps/flow-pinning/pin-flows';
import { PipelineApp } from '../../../../apps/pipeline/pipeline-app';
import { TABLE } from '../../../../apps/pipeline/layout';
import { DEFAULT_RECOVERY_CONFIG, type RecoveryConfig } from '../../../../apps/recovery/config';
import { TCP_FIN } from '../../../../apps/recovery/decide';
import { RecoveryApp } from '../../../../apps/recovery/recovery-app';
import { ServiceRoutingApp } from '../../../../apps/service-routing/service-routing-app';
import { SlrLevel } from '../../../../level/slr-level';
import { SimController, simContext } from '../../../support/sim-controller';
import { icmpEchoReply, TCP_ACK, tcpPacket } from '../../../support/sim-packet';
import { buildFlowAdvertisement, parseIpv4Address } from '../../../../controller';
import { levelConfig } from '../slr-apps';

const DPID = 1n;
const VIP = '192.200.0.10';
const CLIENT = '10.0.1.1';
const PORTS: Record<string, number> = { srv1: 11, srv2: 12 };
const IDLE_S = 30;
const OFPRR_IDLE_TIMEOUT = 0;
const OFPRR_DELETE = 2;

function site(recovery: Partial<RecoveryConfig> = {}) {
  const clock = new ManualClock(1_700_000_000_000);
  const config = levelConfig({
    ingress: { dpids: ['0000000000000001'], vipMac: '02:00:00:00:00:01', gatewayIps: [], pinIdleTimeoutSec: IDLE_S },
    targets: [
      { id: 'srv1', kind: 'server', weight: 1, cost: 0, adminState: 'enabled', attachment: { ip: '10.1.0.11', mac: '02:00:00:00:01:11', port: 11 } },
      { id: 'srv2', kind: 'server', weight: 1, cost: 0, adminState: 'enabled', attachment: { ip: '10.1.0.12', mac: '02:00:00:00:01:12', port: 12 } },
    ],
    services: [{ id: 'web', prefix: `${VIP}/32`, protocol: 'tcp', ports: [80], targets: ['srv1', 'srv2'], policy: 'least' }],
    policies: { least: { type: 'least-load' } },
  });
  const level = new SlrLevel({ config, store: new MemoryStore(), log: silentLogger(), clock });
  const pinning = new FlowPinningApp([level]);
  const routing = new ServiceRoutingApp({ levels: [level], pinning });
  const rec = new RecoveryApp({ levels: [level], pinning, config: { ...DEFAULT_RECOVERY_CONFIG, auditIntervalMs: 0, ...recovery } });
  const apps: App[] = [new PipelineApp(), routing, pinning, rec];
  rec.watchApps(apps);
  const ctl = new SimController(apps, [DPID], clock);
  ctl.start();
  level.engine.updateTable();
  const sw = ctl.sim(DPID);
  /** A client packet of connection `port` (a SYN unless flags say otherwise). */
  const send = (port: number, flags?: number) => ctl.send(DPID, tcpPacket({ inPort: 1, src: CLIENT, dst: VIP, srcPort: port, dstPort: 80, flags }));
  const outPorts = (port: number, flags?: number) => send(port, flags).outputs.map((o) => o.port);
  const pinFlow = (port: number) => sw.table(TABLE.pins).find((f) => f.match.some((m) => m.field === 'tcp_src' && m.value === port));
  /** The switch drops a pin flow and tells the controller why. */
  const removeFlow = (port: number, reason: number): Change[] | undefined => {
    const f = pinFlow(port);
    if (f === undefined) throw new Error(`no pin flow for port ${port}`);
    ctl.sim(DPID).deleteStrict(f);
    const ev: FlowRemovedEvent = {
      type: 'flow-removed', dpid: DPID, cookie: PIN_COOKIE, tableId: f.tableId ?? TABLE.pins, priority: f.priority, reason, match: f.match,
      idleTimeout: f.idleTimeout ?? 0, hardTimeout: 0, durationSec: 1, packetCount: 1n, byteCount: 60n,
    };
    const changes = pinning.onFlowRemoved(ev) ?? undefined;
    if (changes) ctl.sim(DPID).apply(changes, 'flow-pinning');
    return changes;
  };
  const serverOf = (port: number) => Object.keys(PORTS).find((id) => PORTS[id] === outPorts(port)[0]);
  return { clock, level, pinning, routing, rec, ctl, send, outPorts, pinFlow, removeFlow, serverOf };
}

describe('recovery on an ingress switch', () => {
  it('puts a deleted pin flow straight back: the connection\'s next packets go to the same server without the controller', () => {
    const s = site();
    const target = s.serverOf(40000);
    expect(target).toBeDefined();
    s.removeFlow(40000, OFPRR_DELETE);
    const next = s.send(40000, TCP_ACK);
    expect(next.packetIns).toEqual([]);
    expect(next.outputs.map((o) => o.port)).toEqual([PORTS[target!]]);
    expect(s.level.pins.size).toBe(1);
    expect(s.level.counters.pinFlowsReinstalled).toBe(1);
  });

  it('keeps a pin whose flow idled out: the next packet reaches the controller, goes to the same server, and its flow is back', () => {
    const s = site();
    const target = s.serverOf(40000)!;
    // Least load with a load increment per assignment: a fresh decision now picks the other server.
    expect(s.serverOf(40001)).not.toBe(target);
    s.clock.advance(IDLE_S * 1000 * 2);
    s.removeFlow(40000, OFPRR_IDLE_TIMEOUT);
    expect(s.pinFlow(40000)).toBeUndefined();
    const late = s.send(40000, TCP_ACK);
    expect(late.packetIns).toHaveLength(1);
    expect(late.outputs.map((o) => o.port)).toEqual([PORTS[target]]);
    expect(s.pinFlow(40000)).toBeDefined();
    expect(s.send(40000, TCP_ACK).packetIns).toEqual([]);
    expect(s.level.counters.repins).toBe(1);
  });

  it('drops and counts a later packet of a connection nobody knows; it is never sent to a server', () => {
    const s = site();
    const ack = s.send(41000, TCP_ACK);
    expect(ack.packetIns).toHaveLength(1);
    expect(ack.outputs).toEqual([]);
    expect(s.level.pins.size).toBe(0);
    expect(s.level.counters.unknownConnectionDrops).toBe(1);
  });

  it('releases a dormant pin after the idle limit: the connection\'s packets are then dropped', () => {
    const s = site({ pinIdleLimitSec: 120 });
    s.serverOf(40000);
    s.clock.advance(IDLE_S * 1000);
    s.removeFlow(40000, OFPRR_IDLE_TIMEOUT);
    s.clock.advance(60_000);
    expect(s.rec.sweep()).toBe(0);
    s.clock.advance(61_000);
    expect(s.rec.sweep()).toBe(1);
    expect(s.send(40000, TCP_ACK).outputs).toEqual([]);
  });

  it('ends a pin with its flow once a FIN of the connection was seen', () => {
    const s = site();
    const target = s.serverOf(40000)!;
    s.clock.advance(IDLE_S * 1000);
    s.removeFlow(40000, OFPRR_IDLE_TIMEOUT);
    // The FIN comes through the controller (the flow had idled out): it goes on to the server.
    expect(s.outPorts(40000, TCP_FIN | TCP_ACK)).toEqual([PORTS[target]]);
    s.clock.advance(IDLE_S * 1000 + 1000);
    s.removeFlow(40000, OFPRR_IDLE_TIMEOUT);
    expect(s.level.pins.size).toBe(0);
  });

  it('does not make a pin dormant when a packet put its flow back after the removed flow\'s last packet (a race)', () => {
    const s = site();
    s.serverOf(40000);
    // The FLOW_REMOVED of a flow that carried its last packet 30 s ago, for a pin made just now.
    s.removeFlow(40000, OFPRR_IDLE_TIMEOUT);
    expect(s.level.counters.pinsDormant).toBe(0);
    expect(s.level.pins.size).toBe(1);
  });

  it('with pinIdleLimitSec 0 ends a pin when its flow idles out (no dormant pins)', () => {
    const s = site({ pinIdleLimitSec: 0 });
    s.serverOf(40000);
    s.clock.advance(IDLE_S * 1000);
    s.removeFlow(40000, OFPRR_IDLE_TIMEOUT);
    expect(s.level.pins.size).toBe(0);
  });

  it('leaves a dormant pin\'s flow out of what the switch should hold, and puts a live pin\'s back at reconciliation', () => {
    const s = site();
    s.serverOf(40000);
    s.serverOf(40001);
    s.clock.advance(IDLE_S * 1000);
    s.removeFlow(40000, OFPRR_IDLE_TIMEOUT);
    s.ctl.sync(DPID);
    expect(s.pinFlow(40000)).toBeUndefined();
    expect(s.pinFlow(40001)).toBeDefined();
  });
});

describe('the audit', () => {
  /** A context whose aggregate statistics count what a PipelineSim-like table holds by wire cookie. */
  function auditContext(clock: ManualClock, counts: Map<bigint, number>, reconciled: bigint[]): AppContext {
    const ctx = simContext('recovery', clock, () => undefined);
    return {
      ...ctx,
      datapaths: { get: () => ({ dpid: DPID, dpidHex: '0000000000000001', nTables: 254, remote: '', ports: new Map(), up: true }), list: () => [] },
      multipart: async (_dpid: bigint, body: MultipartRequestBody): Promise<MultipartReplyBody[]> => {
        if (body.mpType !== 'AGGREGATE') return [];
        return [{ mpType: 'AGGREGATE', body: { packetCount: 0n, byteCount: 0n, flowCount: counts.get(body.body.cookie) ?? 0 } }];
      },
      reconcileSwitch: async (dpid: bigint) => {
        reconciled.push(dpid);
        return { dpidHex: '0000000000000001', actual: 0, kept: 0, added: 3, deleted: 0, foreign: 0, readBack: true };
      },
    };
  }

  function wireCountsOf(s: ReturnType<typeof site>): Map<bigint, number> {
    const counts = new Map<bigint, number>();
    for (const app of s.ctl.apps) {
      for (const f of app.desiredFlows?.(DPID) ?? []) {
        if ((f.idleTimeout ?? 0) !== 0) continue;
        const wire = (BigInt(app.appId) << 48n) | (f.cookie ?? 0n);
        counts.set(wire, (counts.get(wire) ?? 0) + 1);
      }
    }
    return counts;
  }

  it('finds nothing lost on a switch that holds every flow, and reconciles a switch that lost its packet-in rules', async () => {
    const s = site();
    s.serverOf(40000);
    const counts = wireCountsOf(s);
    const reconciled: bigint[] = [];
    s.rec.stop();
    s.rec.start(auditContext(s.clock, counts, reconciled));
    expect(await s.rec.audit(DPID)).toEqual([]);
    expect(reconciled).toEqual([]);
    // The switch lost every service-routing flow (del-flows, a table reset).
    for (const k of counts.keys()) if (k >> 48n === BigInt(s.routing.appId)) counts.set(k, 0);
    const lost = await s.rec.audit(DPID);
    // One report per cookie: the VIP packet-in rules, the ARP rule, the echo-reply rule.
    expect(lost.map((r) => r.appId)).toEqual([s.routing.appId, s.routing.appId, s.routing.appId]);
    expect(reconciled).toEqual([DPID]);
  });

  it('never counts pin flows (they come and go with idle timeouts): a switch without them is not reconciled', async () => {
    const s = site();
    s.serverOf(40000);
    const counts = wireCountsOf(s);
    const reconciled: bigint[] = [];
    s.rec.stop();
    s.rec.start(auditContext(s.clock, counts, reconciled));
    expect(s.rec.desiredCounts(DPID).some((r) => r.appId === s.pinning.appId && r.cookie === PIN_COOKIE)).toBe(false);
    expect(await s.rec.audit(DPID)).toEqual([]);
  });

  describe('a server\'s flow advertisement (patent Fig. 10)', () => {
    const KEY = Buffer.alloc(32, 9);
    /** The client's echo reply to the VIP carrying srv's advertisement of connection `port`. */
    const echoReply = (s: ReturnType<typeof site>, port: number, o: { server?: string; key?: Buffer; sentAtMs?: number } = {}) => {
      const data = buildFlowAdvertisement({
        tuple: { proto: 6, srcIp: parseIpv4Address(CLIENT)!, srcPort: port, dstIp: parseIpv4Address(VIP)!, dstPort: 80 },
        serverIp: parseIpv4Address('10.1.0.11')!, serverId: o.server ?? 'srv1', sentAtMs: o.sentAtMs ?? s.clock.now(),
      }, o.key ?? KEY);
      return s.ctl.send(DPID, icmpEchoReply({ inPort: 1, src: CLIENT, dst: VIP, data }));
    };
    const registered = (s: ReturnType<typeof site>) => {
      s.level.registrations.registered({ id: 'srv1', kind: 'server', ip: '10.1.0.11', mac: '02:00:00:00:01:11', subnets: [`${VIP}/32`] }, { advertisementKey: KEY });
      s.level.registrations.registered({ id: 'srv2', kind: 'server', ip: '10.1.0.12', mac: '02:00:00:00:01:12', subnets: [`${VIP}/32`] }, { advertisementKey: Buffer.alloc(32, 1) });
    };

    it('re-pins a connection nobody knows any more to the server that advertised it, and its packets flow to that server again', () => {
      const s = site();
      registered(s);
      // The connection's pin is gone everywhere: its packets are dropped, never decided afresh.
      expect(s.send(42000, TCP_ACK).outputs).toEqual([]);
      const reply = echoReply(s, 42000, { server: 'srv2', key: Buffer.alloc(32, 1) });
      expect(reply.packetIns).toHaveLength(1);
      expect(reply.outputs).toEqual([]); // the reply itself is consumed
      expect(s.level.counters.advertisedRepins).toBe(1);
      expect(s.pinFlow(42000)).toBeDefined();
      // The next packet goes to srv2 through the switch, without the controller.
      const ack = s.send(42000, TCP_ACK);
      expect(ack.packetIns).toEqual([]);
      expect(ack.outputs.map((o) => o.port)).toEqual([PORTS.srv2]);
    });

    it('never moves a pinned connection, and refuses a wrong MAC, an unregistered server and a stale advertisement', () => {
      const s = site();
      registered(s);
      expect(s.outPorts(43000)).toEqual([PORTS.srv1]); // pinned by its SYN to srv1 (least load, lower id)
      echoReply(s, 43000, { server: 'srv2', key: Buffer.alloc(32, 1) });
      echoReply(s, 43001, { key: Buffer.alloc(32, 2) });
      echoReply(s, 43002, { server: 'srv9' });
      echoReply(s, 43003, { sentAtMs: s.clock.now() - 120_000 });
      expect(s.level.counters.advertisementsRefused).toBe(4);
      expect(s.level.counters.advertisedRepins).toBe(0);
      expect(s.send(43000, TCP_ACK).outputs.map((o) => o.port)).toEqual([PORTS.srv1]);
      for (const port of [43001, 43002, 43003]) expect(s.level.pins.lookup(6, parseIpv4Address(CLIENT)!, port, parseIpv4Address(VIP)!, 80)).toBeUndefined();
    });

    it('does not re-pin to a disabled server (draining keeps its connections; disabled keeps none)', () => {
      const s = site();
      registered(s);
      s.level.catalog.putTarget({ ...s.level.catalog.target('srv1')!, adminState: 'disabled' });
      echoReply(s, 45000);
      expect(s.level.counters.advertisementsRefused).toBe(1);
      s.level.catalog.putTarget({ ...s.level.catalog.target('srv1')!, adminState: 'draining' });
      echoReply(s, 45000);
      expect(s.level.counters.advertisedRepins).toBe(1);
    });

    it('forgets a server\'s key when it goes: its later advertisements are refused', () => {
      const s = site();
      registered(s);
      s.level.registrations.deregistered('srv1');
      echoReply(s, 44000);
      expect(s.level.counters.advertisementsRefused).toBe(1);
      expect(s.pinFlow(44000)).toBeUndefined();
    });
  });
});
