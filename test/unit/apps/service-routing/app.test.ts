import type { Match } from '../../../../southbound/codec/types';
import type { Change, FlowSpec } from '../../../../controller/changes';
import type { FlowRemovedEvent, PacketInEvent } from '../../../../controller/events';
import { MemoryStore } from '../../../../controller/store/memory-store';
import { ManualClock } from '../../../../controller/clock';
import { buildArpRequest, buildEthernet, buildIpv4, buildTcp, FlowKey, parseFlowKey } from '../../../../southbound/packet';
import { OFP_NO_BUFFER, OFPP_CONTROLLER } from '../../../../southbound/codec/constants';
import { VIP_ARP_COOKIE, VIP_RULE_COOKIE } from '../../../../apps/service-routing/ingress-flows';
import { PIN_COOKIE } from '../../../../apps/flow-pinning/pin-flows';
import { cookieWithTag, usageTag } from '../../../../apps/flow-pinning/usage-tags';
import type { LevelConfig } from '../../../../level/config-schema';
import { levelConfig, slrApps } from '../slr-apps';
import { PRIORITY, TABLE } from '../../../../apps/pipeline/layout';

const DPID = 1n;
const VIP_MAC = '02:00:00:00:00:01';

function config(): LevelConfig {
  return levelConfig({
    ingress: { dpids: ['0000000000000001'], vipMac: VIP_MAC, gatewayIps: ['10.0.0.254'], pinIdleTimeoutSec: 30 },
    targets: [
      { id: 'srv1', kind: 'server', weight: 1, cost: 0, adminState: 'enabled', attachment: { ip: '10.1.0.11', mac: '02:00:00:00:01:11', port: 11 } },
      { id: 'srv2', kind: 'server', weight: 1, cost: 0, adminState: 'enabled', attachment: { ip: '10.1.0.12', mac: '02:00:00:00:01:12', port: 12 } },
    ],
    services: [{ id: 'web', prefix: '192.200.0.10/32', protocol: 'tcp', ports: [80, 443], targets: ['srv1', 'srv2'], policy: 'least' }],
    policies: { least: { type: 'least-load' } },
  });
}

/** The site level's apps, with `app` standing for what one switch sees of them. */
function setup(store = new MemoryStore(), clock = new ManualClock(1_700_000_000_000)) {
  const h = slrApps([config()], { store: () => store, clock });
  const level = h.level;
  const app = {
    onPacketIn: h.packetIn,
    desiredFlows: (dpid: bigint): FlowSpec[] => [...h.routing.desiredFlows(dpid), ...h.pinning.desiredFlows(dpid)],
    onFlowRemoved: (ev: FlowRemovedEvent) => h.pinning.onFlowRemoved(ev),
    get counters() { return h.routing.counters; },
    simulate: h.routing.simulate.bind(h.routing),
    pins: level.pins,
    catalog: level.catalog,
    engine: level.engine,
    registrations: level.registrations,
  };
  return { app, store, clock, level, h };
}

function tcpFrame(client: string, clientPort: number, vip = '192.200.0.10', port = 80): Buffer {
  const tcp = buildTcp({ src: client, dst: vip, srcPort: clientPort, dstPort: port, flags: 0x02 });
  return buildEthernet({ dst: VIP_MAC, src: '02:00:00:00:00:99', ethType: 0x0800, payload: buildIpv4({ src: client, dst: vip, protocol: 6, payload: tcp }) });
}

function packetIn(data: Buffer, dpid = DPID, inPort = 1): PacketInEvent {
  return { type: 'packet-in', dpid, inPort, reason: 0, tableId: 0, cookie: VIP_RULE_COOKIE, bufferId: OFP_NO_BUFFER, totalLen: data.length, match: [], data };
}

function pinFlowOf(changes: Change[] | undefined): FlowSpec {
  const add = changes?.find((c) => c.kind === 'add-flow');
  if (add?.kind !== 'add-flow') throw new Error('no add-flow');
  return add.flow;
}

describe('ServiceRoutingApp packet-in', () => {
  it('pins a new connection: exact-match flow to the server and the first packet sent on', () => {
    const { app } = setup();
    const frame = tcpFrame('10.0.0.1', 40000);
    const changes = app.onPacketIn(packetIn(frame));
    expect(changes).toHaveLength(2);
    const flow = pinFlowOf(changes);
    // The cookie carries the pin kind and the (service, target) accounting tag.
    expect(flow).toMatchObject({ tableId: 3, priority: 100, cookie: cookieWithTag(PIN_COOKIE, usageTag('web', 'srv1')), idleTimeout: 30, flags: 1 });
    expect(flow.match).toEqual([
      { field: 'eth_type', value: 0x0800 },
      { field: 'ip_proto', value: 6 },
      { field: 'ipv4_src', value: '10.0.0.1' },
      { field: 'ipv4_dst', value: '192.200.0.10' },
      { field: 'tcp_src', value: 40000 },
      { field: 'tcp_dst', value: 80 },
    ]);
    const actions = [
      { type: 'SET_FIELD', field: { field: 'eth_dst', value: '02:00:00:00:01:11' } },
      { type: 'OUTPUT', port: 11, maxLen: 0 },
    ];
    expect(flow.instructions).toEqual([{ type: 'APPLY_ACTIONS', actions }]);
    expect(changes?.[1]).toEqual({ kind: 'packet-out', inPort: 1, actions, data: frame, bufferId: undefined });
    expect(app.pins.lookup(6, 0x0a000001, 40000, 0xc0c8000a, 80)).toBe('srv1');
  });

  it('answers repeated packet-ins of one connection with the same server (idempotent)', () => {
    const { app, clock } = setup();
    app.onPacketIn(packetIn(tcpFrame('10.0.0.1', 40000)));
    const again = app.onPacketIn(packetIn(tcpFrame('10.0.0.1', 40000)));
    expect(again).toEqual([expect.objectContaining({ kind: 'packet-out', actions: expect.arrayContaining([{ type: 'OUTPUT', port: 11, maxLen: 0 }]) })]);
    clock.advance(5000); // much later: the switch must have lost the flow, install it again
    const later = app.onPacketIn(packetIn(tcpFrame('10.0.0.1', 40000)));
    expect(pinFlowOf(later).instructions).toEqual(pinFlowOf(app.onPacketIn(packetIn(tcpFrame('10.0.0.1', 40000)))).instructions);
    expect(app.counters).toMatchObject({ newConnections: 1, repeatPacketIns: 3 });
  });

  it('spreads new connections (herding avoidance through the engine)', () => {
    const { app } = setup();
    const targets = [1, 2, 3, 4].map((i) => {
      app.onPacketIn(packetIn(tcpFrame('10.0.0.1', 40000 + i)));
      return app.pins.lookup(6, 0x0a000001, 40000 + i, 0xc0c8000a, 80);
    });
    expect(targets).toEqual(['srv1', 'srv2', 'srv1', 'srv2']);
  });

  it('leaves other traffic to other apps', () => {
    const { app } = setup();
    expect(app.onPacketIn(packetIn(tcpFrame('10.0.0.1', 1, '192.200.0.11')))).toBeUndefined();
    expect(app.onPacketIn(packetIn(tcpFrame('10.0.0.1', 1, '192.200.0.10', 22)))).toBeUndefined();
    expect(app.onPacketIn(packetIn(tcpFrame('10.0.0.1', 1), 2n))).toBeUndefined();
    expect(app.onPacketIn(packetIn(Buffer.alloc(10)))).toBeUndefined();
  });

  it('answers ARP for VIPs with the VIP MAC, and only for VIPs', () => {
    const { app } = setup();
    const ask = (ip: string) => buildArpRequest({ senderMac: '02:00:00:00:00:99', senderIp: '10.0.0.1', targetIp: ip });
    const changes = app.onPacketIn(packetIn(ask('192.200.0.10'), DPID, 5));
    expect(changes).toHaveLength(1);
    const out = changes?.[0];
    if (out?.kind !== 'packet-out') throw new Error('expected a packet-out');
    expect(out.inPort).toBe(OFPP_CONTROLLER);
    expect(out.actions).toEqual([{ type: 'OUTPUT', port: 5, maxLen: 0 }]);
    const k = new FlowKey();
    expect(parseFlowKey(out.data, k)).toBe(true);
    expect([k.arpOp, k.arpSha, k.arpSpa, k.arpTpa, k.ethDst]).toEqual([2, VIP_MAC, 0xc0c8000a, 0x0a000001, '02:00:00:00:00:99']);
    expect(app.onPacketIn(packetIn(ask('192.200.0.99')))).toBeUndefined();
  });

  it('answers ARP for the configured gateway address with the VIP MAC, and puts an ARP rule for it', () => {
    const { app } = setup();
    const ask = buildArpRequest({ senderMac: '02:00:00:00:00:99', senderIp: '10.0.0.1', targetIp: '10.0.0.254' });
    const out = app.onPacketIn(packetIn(ask, DPID, 5))?.[0];
    if (out?.kind !== 'packet-out') throw new Error('expected a packet-out');
    const k = new FlowKey();
    expect(parseFlowKey(out.data, k)).toBe(true);
    expect([k.arpOp, k.arpSha, k.arpSpa, k.arpTpa]).toEqual([2, VIP_MAC, 0x0a0000fe, 0x0a000001]);
    const arpRules = [...app.desiredFlows(DPID)].filter((f) => f.cookie === VIP_ARP_COOKIE).map((f) => f.match.at(-1));
    expect(arpRules).toContainEqual({ field: 'arp_tpa', value: '10.0.0.254' });
  });

  it('drops (claims) the packet when no server may take it, counting it', () => {
    const { app } = setup();
    app.catalog.setAdminState('srv1', 'draining');
    app.catalog.setAdminState('srv2', 'disabled');
    expect(app.onPacketIn(packetIn(tcpFrame('10.0.0.1', 1)))).toEqual([]);
    expect(app.counters.noEligibleTarget).toBe(1);
  });
});

describe('ServiceRoutingApp flows and pins', () => {
  it('releases a pin when its flow is removed', () => {
    const { app } = setup();
    const flow = pinFlowOf(app.onPacketIn(packetIn(tcpFrame('10.0.0.1', 40000))));
    const ev: FlowRemovedEvent = {
      type: 'flow-removed', dpid: DPID, cookie: flow.cookie!, tableId: 3, priority: 100, reason: 0, match: flow.match,
      idleTimeout: 30, hardTimeout: 0, durationSec: 31, packetCount: 3n, byteCount: 200n,
    };
    app.onFlowRemoved(ev);
    expect(app.pins.size).toBe(0);
    expect(app.counters.pinsReleased).toBe(1);
  });

  it('wants VIP rules per port (SYN and catch-all), one ARP rule per VIP, and the pinned flows of that switch', () => {
    const { app } = setup();
    app.onPacketIn(packetIn(tcpFrame('10.0.0.1', 40000)));
    const flows = [...app.desiredFlows(DPID)];
    const portOf = (m: Match): unknown => m.find((f) => f.field === 'tcp_dst');
    expect(flows.filter((f) => f.tableId === TABLE.services && f.cookie === VIP_RULE_COOKIE).map((f) => [portOf(f.match), f.match.some((x) => x.field === 'raw')])).toEqual([
      [{ field: 'tcp_dst', value: 80 }, true],
      [{ field: 'tcp_dst', value: 80 }, false],
      [{ field: 'tcp_dst', value: 443 }, true],
      [{ field: 'tcp_dst', value: 443 }, false],
    ]);
    expect(flows.filter((f) => f.tableId === TABLE.services && f.cookie === VIP_ARP_COOKIE)).toHaveLength(2); // the VIP's and the gateway's
    expect(flows.filter((f) => f.tableId === TABLE.pins && f.priority === PRIORITY.pins.pin)).toHaveLength(1);
    // Accounting: one reply-counting flow per (service, server) and port.
    expect(flows.filter((f) => f.tableId === TABLE.pins && f.priority === PRIORITY.pins.replyCount)).toHaveLength(4);
    expect([...app.desiredFlows(2n)]).toEqual([]);
  });

  it('keeps pins of a drained server and still delivers its repeat packets', () => {
    const { app } = setup();
    app.onPacketIn(packetIn(tcpFrame('10.0.0.1', 40000)));
    app.catalog.setAdminState('srv1', 'draining');
    const again = app.onPacketIn(packetIn(tcpFrame('10.0.0.1', 40000)));
    expect(again?.[0]).toMatchObject({ kind: 'packet-out', actions: [{ type: 'SET_FIELD' }, { type: 'OUTPUT', port: 11 }] });
    app.onPacketIn(packetIn(tcpFrame('10.0.0.1', 40001)));
    expect(app.pins.lookup(6, 0x0a000001, 40001, 0xc0c8000a, 80)).toBe('srv2');
  });
});

describe('ServiceRoutingApp agent events', () => {
  it('adds a registered server to the services it announces, feeds its reports, and drops it on expiry', async () => {
    const { app, store, level } = setup();
    await level.start();
    app.registrations.registered({ id: 'srv3', kind: 'server', ip: '10.1.0.13', mac: '02:00:00:00:01:13', subnets: ['192.200.0.0/24'] });
    expect(app.catalog.service('web')?.targetIds).toEqual(['srv1', 'srv2', 'srv3']);
    expect(app.catalog.target('srv3')?.attachment).toEqual({ ip: '10.1.0.13', mac: '02:00:00:00:01:13' });
    app.registrations.report('srv1', 1_700_000_000_000, [{ subnet: '192.200.0.10', load: 0.5 }]);
    expect(store.loads.get('192.200.0.10/32', 'srv1')?.load).toBe(0.5);
    app.registrations.expired('srv1');
    expect(store.loads.get('192.200.0.10/32', 'srv1')).toBeUndefined();
    for (let i = 0; i < 6; i++) expect(app.engine.decide(app.catalog.service('web')!, 1, i).target?.id).not.toBe('srv1');
    app.registrations.registered({ id: 'srv1', kind: 'server', ip: '10.1.0.11', mac: '02:00:00:00:01:11', subnets: [] });
    expect(app.engine.isTargetDown('srv1')).toBe(false);
    await level.stop();
  });
});

describe('ServiceRoutingApp operator helpers', () => {
  it('simulates a connection without changing state', () => {
    const { app } = setup();
    const e = app.simulate(0xc0c8000a, 6, 443, 0x0a000001);
    expect(e).toMatchObject({ serviceId: 'web', chosen: 'srv1', reason: 'lowest-metric' });
    expect(e?.candidates.map((c) => c.targetId)).toEqual(['srv1', 'srv2']);
    expect(app.simulate(0xc0c8000b, 6, 443, 0x0a000001)).toBeUndefined();
    expect(app.engine.explain(app.catalog.service('web')!, 1).candidates.every((c) => c.assignedSinceReport === 0)).toBe(true);
  });

  it('aggregates subnet loads with the configured function', () => {
    const { app, store } = setup();
    store.reportLoad({ subnet: '192.200.0.10/32', targetId: 'srv1', load: 0.2, reportedAt: 1 });
    store.reportLoad({ subnet: '192.200.0.10/32', targetId: 'srv2', load: 0.6, reportedAt: 1 });
    app.engine.updateTable();
    expect(setup(store).level.subnetLoads().get('192.200.0.10/32')).toBeCloseTo(0.4);
  });

  it('lets a spare restore the pins a master mirrored', async () => {
    const shared = new MemoryStore({ mirrorPins: true });
    const clock = new ManualClock(1_700_000_000_000);
    const { app: master } = setup(shared, clock);
    master.onPacketIn(packetIn(tcpFrame('10.0.0.1', 40000)));
    master.onPacketIn(packetIn(tcpFrame('10.0.0.2', 40000)));
    const { app: spare, level: spareLevel } = setup(shared, clock);
    expect(await spareLevel.restorePins()).toBe(2);
    expect(spare.pins.lookup(6, 0x0a000002, 40000, 0xc0c8000a, 80)).toBe(master.pins.lookup(6, 0x0a000002, 40000, 0xc0c8000a, 80));
    expect([...spare.desiredFlows(DPID)].filter((f) => f.tableId === TABLE.pins && f.priority === PRIORITY.pins.pin)).toHaveLength(2);
  });
});

describe('ServiceRoutingApp metrics hooks', () => {
  it('reports each decision (service, VIP prefix, target, time) and each new pin', () => {
    const { app, level } = setup();
    const seen: Array<[string, string, string | null]> = [];
    let pins = 0;
    level.metrics = ({ observe: (service, vip, target, seconds) => { expect(seconds).toBeGreaterThanOrEqual(0); seen.push([service, vip, target]); }, pinCreated: () => pins++ });
    app.onPacketIn(packetIn(tcpFrame('10.0.0.1', 1)));
    app.onPacketIn(packetIn(tcpFrame('10.0.0.1', 1))); // repeat: no decision
    app.catalog.setAdminState('srv1', 'disabled');
    app.catalog.setAdminState('srv2', 'disabled');
    app.onPacketIn(packetIn(tcpFrame('10.0.0.1', 2)));
    expect(seen).toEqual([['web', '192.200.0.10/32', 'srv1'], ['web', '192.200.0.10/32', null]]);
    expect(pins).toBe(1);
  });
});
