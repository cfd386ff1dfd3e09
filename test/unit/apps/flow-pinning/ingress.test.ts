// The network's ingress switch (n1 of topologies/hierarchy3.json) as its simulated flow
// tables and its controller make it behave: first packets to the controller, pinned
// connections straight into their tunnel, shortcuts and hand-backs re-programming it.
import { flowRefOf, simHierarchy, type SimHierarchy } from '../../../support/sim-hierarchy';
import { TCP_ACK } from '../../../support/sim-packet';
import { PRIORITY, TABLE } from '../../../../apps/pipeline/layout';

const LOADS = { as2: 0.9, site12: 0.9, v112: 0.9, v113: 0.9 };
const ports = (outs: Array<{ port: number; packet: { labels: readonly number[] } }>) => outs.map((o) => `${o.port}:${o.packet.labels.join('/')}`);

function setup(): SimHierarchy {
  const h = simHierarchy();
  h.register(LOADS);
  return h;
}

describe('network ingress (n1)', () => {
  it('sends a first SYN to the VIP to the controller; after the decision a later packet of the connection leaves port 2 with label 1001', () => {
    const h = setup();
    const first = h.send('n1', h.client({ srcPort: 40000 }));
    expect(first.switch.outputs).toEqual([]);
    expect(first.switch.controller).toEqual([expect.objectContaining({ tableId: TABLE.services, reason: 1, app: 'service-routing' })]);
    expect(first.switch.trace.at(-1)).toMatchObject({ priority: PRIORITY.services.synPacketIn });
    // The controller's packet-out sends the first packet the way of the pin.
    expect(ports(first.outputs)).toEqual(['2:1001']);
    const later = h.send('n1', h.client({ srcPort: 40000, flags: TCP_ACK }));
    expect(later.packetIns).toEqual([]);
    expect(later.switch.trace.map((t) => t.tableId)).toEqual([TABLE.classify, TABLE.pins]);
    expect(ports(later.outputs)).toEqual(['2:1001']);
    // Another connection of the same client is its own decision.
    expect(h.send('n1', h.client({ srcPort: 40001, flags: TCP_ACK })).packetIns).toHaveLength(1);
  });

  it('brings a mid-connection packet of a connection nobody knows to the controller (catch-all rule), which drops and counts it: never decided afresh', () => {
    const h = setup();
    const ack = h.send('n1', h.client({ srcPort: 40500, flags: TCP_ACK }));
    expect(ack.switch.trace.at(-1)).toMatchObject({ tableId: TABLE.services, priority: PRIORITY.services.packetIn });
    expect(ack.outputs).toEqual([]);
    expect(h.level('net').pins.size).toBe(0);
    expect(h.level('net').counters.unknownConnectionDrops).toBe(1);
  });

  it('pushes three labels after a shortcut, and only the shortcut of the pinned child takes effect', async () => {
    const h = setup();
    const syn = h.client({ srcPort: 40000 });
    h.send('n1', syn);
    const net = h.processOf('net').slr.sinkFor(h.level('net'));
    expect(await net.shortcut!('as2', flowRefOf(syn), [2021, 30210])).toMatchObject({ applied: false, refused: true });
    expect(ports(h.send('n1', h.client({ srcPort: 40000, flags: TCP_ACK })).outputs)).toEqual(['2:1001']);
    expect(await net.shortcut!('as1', flowRefOf(syn), [2011, 30111])).toMatchObject({ applied: true });
    const after = h.send('n1', h.client({ srcPort: 40000, flags: TCP_ACK }));
    expect(after.packetIns).toEqual([]);
    expect(ports(after.outputs)).toEqual(['2:1001/2011/30111']);
  });

  it('forgets a connection the AS hands back: its retransmitted SYN reaches the controller and goes to the other AS', () => {
    const h = setup();
    const syn = h.client({ srcPort: 40000 });
    expect(ports(h.send('n1', syn).outputs)).toEqual(['2:1001']);
    const net = h.processOf('net').slr.sinkFor(h.level('net'));
    expect(net.release!('as1', flowRefOf(syn), 'no eligible target')).toMatchObject({ released: true });
    // as1 is counted out of the subnet until its next report, from the next table update on.
    h.tick();
    const again = h.send('n1', syn);
    expect(again.packetIns).toHaveLength(1);
    expect(ports(again.outputs)).toEqual(['2:1002']);
    expect(ports(h.send('n1', h.client({ srcPort: 40000, flags: TCP_ACK })).outputs)).toEqual(['2:1002']);
  });
});
