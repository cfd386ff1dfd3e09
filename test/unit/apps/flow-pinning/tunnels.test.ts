// Tunnel ends as their simulated flow tables make them behave: the AS border b1 (the
// system level as1 of topologies/hierarchy3.json, label 1001) and the site edge e11
// (site11, label 2011, server labels from 30110): a level's own label at the bottom of
// the stack is popped and the packet goes to its controller marked as from the tunnel;
// with labels below, the next label is switched on; a server's label is popped and the
// packet delivered to the server by MAC.
import { simHierarchy, type SimHierarchy } from '../../../support/sim-hierarchy';
import { TCP_ACK, withLabels } from '../../../support/sim-packet';
import { METADATA_FROM_TUNNEL, PRIORITY, TABLE } from '../../../../apps/pipeline/layout';

const LOADS = { as2: 0.9, site12: 0.9, v112: 0.9, v113: 0.9 };
const ports = (outs: Array<{ port: number; packet: { labels: readonly number[] } }>) => outs.map((o) => `${o.port}:${o.packet.labels.join('/')}`);

function setup(): SimHierarchy {
  const h = simHierarchy();
  h.register(LOADS);
  return h;
}

describe('AS border (b1, own label 1001)', () => {
  it('pops label 1001 at the bottom of the stack and sends the packet to its controller marked as from the tunnel', () => {
    const h = setup();
    const ex = h.send('b1', withLabels(h.client({ srcPort: 40000 }), [1001]));
    expect(ex.switch.trace.map((t) => t.tableId)).toEqual([TABLE.classify, TABLE.tunnelExit, TABLE.pins, TABLE.services]);
    expect(ex.switch.controller).toHaveLength(1);
    expect(ex.switch.controller[0].packet).toMatchObject({ labels: [], ethType: 0x0800, metadata: METADATA_FROM_TUNNEL });
    expect(ex.packetIns[0].event.match).toContainEqual({ field: 'metadata', value: METADATA_FROM_TUNNEL });
    // as1 chose site11: the first packet goes on toward it with the site's label.
    expect(ports(ex.outputs)).toEqual(['2:2011']);
    const later = h.send('b1', withLabels(h.client({ srcPort: 40000, flags: TCP_ACK }), [1001]));
    expect(later.packetIns).toEqual([]);
    expect(ports(later.outputs)).toEqual(['2:2011']);
  });

  it('switches a shortcut stack 1001/2011/30111 on toward the site as 2011/30111, without the controller', () => {
    const h = setup();
    const ex = h.send('b1', withLabels(h.client({ srcPort: 40000, flags: TCP_ACK }), [1001, 2011, 30111]));
    expect(ex.packetIns).toEqual([]);
    expect(ex.switch.trace.map((t) => t.tableId)).toEqual([TABLE.classify, TABLE.tunnelExit, TABLE.labels]);
    expect(ports(ex.outputs)).toEqual(['2:2011/30111']);
    expect(ports(h.send('b1', withLabels(h.client({ srcPort: 40000 }), [1001, 2012, 30120])).outputs)).toEqual(['2:2012/30120']);
  });

  it('drops a label it does not know (another AS\'s, or an unknown site under its own) in the labels table\'s miss flow', () => {
    const h = setup();
    for (const labels of [[1002], [1001, 2021, 30210], [99999]]) {
      const ex = h.send('b1', withLabels(h.client({ srcPort: 40000 }), labels));
      expect({ labels, dropped: ex.switch.dropped, last: ex.switch.trace.at(-1) }).toEqual({
        labels, dropped: true, last: expect.objectContaining({ tableId: TABLE.labels, priority: PRIORITY.labels.unknownLabel, app: 'pipeline' }),
      });
    }
  });
});

describe('site edge (e11, own label 2011)', () => {
  it('pops 2011 at the bottom of the stack, asks its controller, and delivers to the chosen server\'s port with its MAC', () => {
    const h = setup();
    const ex = h.send('e11', withLabels(h.client({ srcPort: 40000, inPort: 10 }), [2011]));
    expect(ex.packetIns.map((p) => p.event.match)).toEqual([[{ field: 'in_port', value: 10 }, { field: 'metadata', value: METADATA_FROM_TUNNEL }]]);
    expect(ex.outputs).toEqual([{ port: 1, packet: expect.objectContaining({ ethDst: '00:00:00:0b:00:01', labels: [], ethType: 0x0800 }) }]);
  });

  it('pops 2011/30111 (a shortcut to a server) and delivers the packet to that server\'s port with its MAC, without the controller', () => {
    const h = setup();
    const site = h.level('site11');
    const v112 = site.exitLabelOf('v112')!;
    const ex = h.send('e11', withLabels(h.client({ srcPort: 40000, inPort: 10, flags: TCP_ACK }), [2011, v112]));
    expect(ex.packetIns).toEqual([]);
    expect(ex.outputs).toEqual([{ port: 2, packet: expect.objectContaining({ ethDst: '00:00:00:0b:00:02', labels: [], ethType: 0x0800, metadata: 0n }) }]);
    expect(ex.outputs[0].packet.ipv4).toMatchObject({ src: '10.1.0.1', dst: '10.0.0.100', dstPort: 80 });
  });

  it('drops a server label it never handed out', () => {
    const h = setup();
    const ex = h.send('e11', withLabels(h.client({ srcPort: 40000, inPort: 10 }), [2011, 30199]));
    expect(ex.switch).toMatchObject({ dropped: true, trace: expect.arrayContaining([expect.objectContaining({ tableId: TABLE.labels, priority: PRIORITY.labels.unknownLabel })]) });
  });
});
