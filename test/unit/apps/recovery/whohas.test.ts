// WHOHAS (recovery 3) at one level, without gRPC: what the owner answers from its pins,
// what the asking level does with a later packet of a connection it never saw (dropped,
// handed to whoever asks the neighbours) and with a neighbour's answer (pinned toward
// the neighbour on its label stack, the waiting packet sent on), and the bookkeeping
// that keeps a flood of stray packets to one query per connection.
import type { Change, FlowSpec, PacketInEvent } from '../../../../controller';
import { OFP_NO_BUFFER } from '../../../../controller';
import { buildEthernet, buildIpv4, buildTcp } from '../../../../southbound/packet';
import { VIP_RULE_COOKIE } from '../../../../apps/service-routing/ingress-flows';
import type { UnknownConnection } from '../../../../apps/service-routing/service-routing-app';
import { neighbourPath, WhoHasQueries } from '../../../../apps/recovery/whohas';
import type { LevelConfig } from '../../../../level/config-schema';
import { levelConfig, slrApps, twoServerSite } from '../slr-apps';

const VIP = '192.200.0.10';
const VIP_MAC = '02:00:00:00:00:01';
const TCP_SYN = 0x02;
const TCP_ACK = 0x10;

const site = (id: string, dpid: string, labels: boolean): LevelConfig => twoServerSite(id, dpid, VIP, VIP_MAC, labels ? 30010 : undefined);

function frame(clientPort: number, flags: number): Buffer {
  const tcp = buildTcp({ src: '10.0.0.1', dst: VIP, srcPort: clientPort, dstPort: 80, flags });
  return buildEthernet({ dst: VIP_MAC, src: '02:00:00:00:00:99', ethType: 0x0800, payload: buildIpv4({ src: '10.0.0.1', dst: VIP, protocol: 6, payload: tcp }) });
}

function packetIn(dpid: bigint, data: Buffer, inPort = 3): PacketInEvent {
  return { type: 'packet-in', dpid, inPort, reason: 0, tableId: 4, cookie: VIP_RULE_COOKIE, bufferId: OFP_NO_BUFFER, totalLen: data.length, match: [], data };
}

const tuple = (clientPort: number) => ({ proto: 6, srcIp: 0x0a000001, srcPort: clientPort, dstIp: 0xc0c8000a, dstPort: 80 });

function pinFlowOf(changes: readonly Change[]): FlowSpec | undefined {
  const add = changes.find((c) => c.kind === 'add-flow');
  return add?.kind === 'add-flow' ? add.flow : undefined;
}

describe('the owner\'s answer (SlrLevel.whoHas)', () => {
  it('names the pinned server by its exit label', () => {
    const west = slrApps([site('w', '0000000000000c01', true)]);
    west.packetIn(packetIn(0xc01n, frame(40000, TCP_SYN)));
    const pinned = west.level.pins.lookup(6, 0x0a000001, 40000, 0xc0c8000a, 80)!;
    expect(west.level.whoHas(tuple(40000))).toEqual({ found: true, target: pinned, labels: [west.level.exitLabelOf(pinned)] });
    expect(west.level.exitLabelOf(pinned)).toBeGreaterThanOrEqual(30010);
    expect(west.level.counters.whoHasAnswered).toBe(1);
  });

  it('has nothing to offer for a connection it never pinned, or a server without a label', () => {
    const west = slrApps([site('w', '0000000000000c01', false)]);
    expect(west.level.whoHas(tuple(40000))).toEqual({ found: false, detail: 'w holds no pin for the connection' });
    west.packetIn(packetIn(0xc01n, frame(40000, TCP_SYN)));
    expect(west.level.whoHas(tuple(40000))).toMatchObject({ found: false, detail: expect.stringMatching(/no label reaches it/) });
    expect(west.level.counters.whoHasAnswered).toBe(0);
  });

  it('at a system level, names a site by the labels of the pin\'s path (a shortcut\'s whole stack)', () => {
    const system = slrApps([levelConfig({
      id: 'as',
      kind: 'system',
      ingress: { dpids: ['0000000000000101'], vipMac: VIP_MAC, gatewayIps: [], pinIdleTimeoutSec: 30 },
      targets: [{ id: 'sitea', kind: 'site', weight: 1, cost: 0, adminState: 'enabled', attachment: { port: 2, label: 2001 } }],
      services: [{ id: 'web', prefix: `${VIP}/32`, protocol: 'tcp', ports: [80], targets: ['sitea'], policy: 'least' }],
      policies: { least: { type: 'least-load' } },
    })]);
    system.packetIn(packetIn(0x101n, frame(40000, TCP_SYN)));
    expect(system.level.whoHas(tuple(40000))).toEqual({ found: true, target: 'sitea', labels: [2001] });
    const ext = system.level.extendedPath('sitea', tuple(40000), [30011]);
    if ('refused' in ext) throw new Error(ext.refused);
    system.pinning.repin(ext.dpid, tuple(40000), ext.path);
    expect(system.level.whoHas(tuple(40000))).toEqual({ found: true, target: 'sitea', labels: [2001, 30011] });
  });
});

describe('the asking level', () => {
  function east() {
    const h = slrApps([site('e', '0000000000000c02', true)]);
    const unknown: UnknownConnection[] = [];
    h.routing.onUnknown((c) => unknown.push(c));
    return { ...h, unknown };
  }

  it('drops a later packet of a connection it never saw and hands it to the WHOHAS asker', () => {
    const h = east();
    const ack = frame(40000, TCP_ACK);
    expect(h.packetIn(packetIn(0xc02n, ack))).toEqual([]);
    expect(h.unknown).toHaveLength(1);
    expect(h.unknown[0]).toMatchObject({ dpid: 0xc02n, inPort: 3, tuple: tuple(40000) });
    expect(h.unknown[0].packet.equals(ack)).toBe(true);
    expect(h.level.counters.unknownConnectionDrops).toBe(1);
    expect(h.level.pins.size).toBe(0);
    // A first packet is decided here as always: not a WHOHAS case.
    h.packetIn(packetIn(0xc02n, frame(40001, TCP_SYN)));
    expect(h.unknown).toHaveLength(1);
  });

  it('pins the connection toward the neighbour on its label and sends the waiting packet along it; later packets ride the pin', () => {
    const h = east();
    h.packetIn(packetIn(0xc02n, frame(40000, TCP_ACK)));
    const path = neighbourPath({ port: 10 }, [30011])!;
    const mark = h.applied.length;
    expect(h.routing.adoptFromNeighbour(h.unknown[0], 'w/w1', path)).toBe(true);
    const sent = h.applied.slice(mark).map((a) => a.change);
    const pushAndOut = [
      { type: 'PUSH_MPLS', ethertype: 0x8847 },
      { type: 'SET_FIELD', field: { field: 'mpls_label', value: 30011 } },
      { type: 'OUTPUT', port: 10, maxLen: 0 },
    ];
    expect(pinFlowOf(sent)?.instructions).toEqual([{ type: 'APPLY_ACTIONS', actions: pushAndOut }]);
    expect(sent.find((c) => c.kind === 'packet-out')).toMatchObject({ kind: 'packet-out', inPort: 3, actions: pushAndOut });
    expect(h.level.pins.lookup(6, 0x0a000001, 40000, 0xc0c8000a, 80)).toBe('w/w1');
    expect(h.level.counters.whoHasRepins).toBe(1);
    // The next packet (its flow not there yet) follows the pin, with no new query.
    const again = h.packetIn(packetIn(0xc02n, frame(40000, TCP_ACK)))!;
    expect(again.find((c) => c.kind === 'packet-out')).toMatchObject({ actions: pushAndOut });
    expect(h.unknown).toHaveLength(1);
    // A pin made from an answer is not this level's to offer its own neighbours.
    expect(h.level.whoHas(tuple(40000))).toMatchObject({ found: false, detail: expect.stringMatching(/through a neighbour/) });
  });

  it('never moves a connection pinned meanwhile', () => {
    const h = east();
    h.packetIn(packetIn(0xc02n, frame(40000, TCP_ACK)));
    h.packetIn(packetIn(0xc02n, frame(40000, TCP_SYN)));
    const own = h.level.pins.lookup(6, 0x0a000001, 40000, 0xc0c8000a, 80);
    expect(own).toMatch(/^e[12]$/);
    h.routing.adoptFromNeighbour(h.unknown[0], 'w/w1', neighbourPath({ port: 10 }, [30011])!);
    expect(h.level.pins.lookup(6, 0x0a000001, 40000, 0xc0c8000a, 80)).toBe(own);
    expect(h.level.counters.whoHasRepins).toBe(0);
  });
});

describe('neighbourPath', () => {
  it('pushes the neighbour\'s own label first, then the answered stack', () => {
    expect(neighbourPath({ port: 10 }, [30011])).toEqual({ kind: 'mpls', port: 10, labels: [30011] });
    expect(neighbourPath({ port: 7, label: 2001 }, [30011])).toEqual({ kind: 'mpls', port: 7, labels: [2001, 30011] });
  });

  it('refuses an empty stack, a reserved label and one deeper than a switch matches', () => {
    expect(neighbourPath({ port: 10 }, [])).toBeUndefined();
    expect(neighbourPath({ port: 10 }, [3])).toBeUndefined();
    expect(neighbourPath({ port: 10, label: 2001 }, [2002, 30011, 30012])).toBeUndefined();
  });
});

describe('WhoHasQueries', () => {
  it('asks once per connection while a query is open, then not again until the miss is old', () => {
    const q = new WhoHasQueries({ missCacheMs: 2000, maxPending: 10 });
    expect(q.begin(tuple(1), 0)).toBe('ask');
    expect(q.begin(tuple(1), 10)).toBe('pending');
    expect(q.begin(tuple(2), 10)).toBe('ask');
    q.settle(tuple(1), false, 100);
    expect(q.begin(tuple(1), 2099)).toBe('recent-miss');
    expect(q.begin(tuple(1), 2100)).toBe('ask');
    q.settle(tuple(2), true, 200);
    expect(q.begin(tuple(2), 300)).toBe('ask');
    expect(q.missCount).toBe(0);
  });

  it('asks about at most maxPending connections at once', () => {
    const q = new WhoHasQueries({ missCacheMs: 0, maxPending: 2 });
    expect([q.begin(tuple(1), 0), q.begin(tuple(2), 0), q.begin(tuple(3), 0)]).toEqual(['ask', 'ask', 'full']);
    q.settle(tuple(1), false, 1);
    expect(q.begin(tuple(3), 1)).toBe('ask');
    expect(q.pendingCount).toBe(2);
    // missCacheMs 0: a miss is not remembered.
    expect(q.begin(tuple(1), 1)).toBe('full');
  });
});
