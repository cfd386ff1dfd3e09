// The three-level hierarchy of topologies/hierarchy3.json in memory, packets walked
// from the network's ingress to a server through every switch's simulated tables (what
// the apps of the switch's own process want there) and every controller round trip:
// the behaviour the e2e suite checks on real Open vSwitch, here without Mininet.
import { simHierarchy, type SimHierarchy, type Trip } from '../../support/sim-hierarchy';
import { arpRequest, TCP_ACK } from '../../support/sim-packet';
import { TABLE } from '../../../apps/pipeline/layout';

/** Loads that make every level's first choice the first target: as1, site11, v111. */
const LOADS = { as2: 0.9, site12: 0.9, v112: 0.9, v113: 0.9, site22: 0.9 };

const V111_MAC = '00:00:00:0b:00:01';

function setup(): SimHierarchy {
  const h = simHierarchy();
  h.register(LOADS);
  return h;
}

const switchesOf = (t: Trip) => t.hops.map((x) => x.switch);
const packetInsOf = (t: Trip) => t.hops.flatMap((x) => x.exchange.packetIns.map((p) => ({ switch: x.switch, app: p.app, table: p.event.tableId, match: p.event.match })));

describe('a three-level hierarchy, switch by switch', () => {
  it('sends a first SYN down the levels, one decision each, to the chosen server with its MAC and no labels', () => {
    const h = setup();
    const trip = h.walk('n1', h.client({ srcPort: 40000 }));
    expect(switchesOf(trip)).toEqual(['n1', 'k0', 'b1', 'k1', 'e11']);
    // One packet-in per level: at the network's ingress as it came, at the AS border and
    // the site edge popped out of the tunnel and marked as such (metadata bit 1).
    expect(packetInsOf(trip)).toEqual([
      { switch: 'n1', app: 'service-routing', table: TABLE.services, match: [{ field: 'in_port', value: 1 }] },
      { switch: 'b1', app: 'service-routing', table: TABLE.services, match: [{ field: 'in_port', value: 1 }, { field: 'metadata', value: 1n }] },
      { switch: 'e11', app: 'service-routing', table: TABLE.services, match: [{ field: 'in_port', value: 10 }, { field: 'metadata', value: 1n }] },
    ]);
    // On the way: the AS label through the network's core, the site label through the AS's core.
    expect(trip.hops.map((x) => x.exchange.outputs.map((o) => `${o.port}:${o.packet.labels.join('/')}`))).toEqual([['2:1001'], ['2:1001'], ['2:2011'], ['2:2011'], ['1:']]);
    expect(trip.arrivals).toEqual([{ kind: 'host', host: 'v111', packet: expect.objectContaining({ ethDst: V111_MAC, labels: [], ethType: 0x0800 }) }]);
    for (const id of ['net', 'as1', 'site11']) expect({ id, made: h.level(id).counters.newConnections }).toEqual({ id, made: 1 });
  });

  it('after the shortcut, the rest of the connection goes from the ingress to the server with three labels and no packet-in', async () => {
    const h = setup();
    h.walk('n1', h.client({ srcPort: 40000 }));
    await h.settle();
    expect(h.level('net').counters.shortcutsApplied).toBe(1);
    const v111Label = h.level('site11').exitLabelOf('v111')!;
    const trip = h.walk('n1', h.client({ srcPort: 40000, flags: TCP_ACK }));
    expect(packetInsOf(trip)).toEqual([]);
    expect(trip.hops.map((x) => `${x.switch}>${x.exchange.outputs.map((o) => `${o.port}:${o.packet.labels.join('/')}`).join(',')}`)).toEqual([
      `n1>2:1001/2011/${v111Label}`,
      `k0>2:1001/2011/${v111Label}`,
      `b1>2:2011/${v111Label}`,
      `k1>2:2011/${v111Label}`,
      'e11>1:',
    ]);
    expect(trip.arrivals).toEqual([{ kind: 'host', host: 'v111', packet: expect.objectContaining({ ethDst: V111_MAC, labels: [] }) }]);
    // The pins of the intermediate levels still point at their child, and nobody decided again.
    expect(h.level('as1').counters).toMatchObject({ newConnections: 1, repeatPacketIns: 0 });
  });

  it('sends a connection to the virtual subnet the same way, after ARP for the gateway is answered at the ingress', () => {
    const h = setup();
    const arp = h.send('n1', arpRequest({ inPort: 1, senderMac: '00:00:00:00:01:01', senderIp: '10.1.0.1', targetIp: '10.0.0.254' }));
    expect(arp.packetIns.map((p) => p.app)).toEqual(['service-routing']);
    expect(arp.outputs).toEqual([{ port: 1, packet: expect.objectContaining({ ethSrc: '02:00:00:00:00:01', arp: { op: 2, spa: '10.0.0.254', tpa: '10.1.0.1' } }) }]);
    const trip = h.walk('n1', h.client({ srcPort: 41000, dst: '192.200.7.7' }));
    expect(trip.arrivals).toEqual([{ kind: 'host', host: 'v111', packet: expect.objectContaining({ ipv4: expect.objectContaining({ dst: '192.200.7.7' }) }) }]);
  });

  it('lets frames that are not for a VIP (ARP, other IPv4) reach the forwarding table and the L2 app', () => {
    const h = setup();
    for (const sw of ['s1', 'n1', 'b1', 'e11']) {
      const arp = h.send(sw, arpRequest({ inPort: 1, senderMac: '00:00:00:00:01:01', senderIp: '10.1.0.1', targetIp: '10.11.0.1' }));
      expect({ sw, tables: arp.switch.trace.map((t) => t.tableId).at(-1), took: arp.packetIns.map((p) => p.app) }).toEqual({ sw, tables: TABLE.l2, took: ['forwarding'] });
      const other = h.send(sw, h.client({ srcPort: 42000, dst: '10.11.0.1' }));
      expect({ sw, tables: other.switch.trace.map((t) => t.tableId), took: other.packetIns.map((p) => p.app) }).toEqual({
        sw, tables: [TABLE.classify, TABLE.pins, TABLE.services, TABLE.l2], took: ['forwarding'],
      });
    }
  });

  it('hands a connection back when the site has no eligible server: the AS forgets its pin and the retransmitted SYN goes to the other site', async () => {
    const h = setup();
    const site11 = h.processOf('site11').slr.sinkFor(h.level('site11'));
    for (const v of ['v111', 'v112', 'v113']) site11.expired(v);
    const first = h.walk('n1', h.client({ srcPort: 43000 }));
    expect(switchesOf(first)).toEqual(['n1', 'k0', 'b1', 'k1', 'e11']);
    expect(first.arrivals).toEqual([]);
    await h.settle();
    expect(h.level('site11').counters.releasesSent).toBe(1);
    expect(h.level('as1').counters.releasesReceived).toBe(1);
    expect(h.level('as1').pins.size).toBe(0);
    h.tick();
    const again = h.walk('n1', h.client({ srcPort: 43000 }));
    // The network's pin to as1 stands (no packet-in at n1); as1 decides afresh: site12.
    expect(packetInsOf(again).map((p) => p.switch)).toEqual(['b1', 'e12']);
    expect(again.arrivals).toEqual([{ kind: 'host', host: 'v121', packet: expect.objectContaining({ ethDst: '00:00:00:0c:00:01' }) }]);
  });
});
