// Core switches of topologies/hierarchy3.json (k0 of the network, k1 of as1) as their
// simulated flow tables make them behave: label switching on the top label only, no VIP
// rules, no per-connection flows; an unknown label is dropped; IPv4 goes to L2.
import { simHierarchy, type SimHierarchy } from '../../../support/sim-hierarchy';
import { TCP_ACK, withLabels } from '../../../support/sim-packet';
import { PRIORITY, TABLE } from '../../../../apps/pipeline/layout';

const ports = (outs: Array<{ port: number; packet: { labels: readonly number[] } }>) => outs.map((o) => `${o.port}:${o.packet.labels.join('/')}`);

function setup(): SimHierarchy {
  const h = simHierarchy();
  h.register();
  return h;
}

describe('core switches', () => {
  it('forward a label out of the configured port, the stack untouched, and drop label 99999', () => {
    const h = setup();
    const ack = (labels: number[]) => h.send('k1', withLabels(h.client({ srcPort: 40000, flags: TCP_ACK }), labels));
    expect(ports(ack([2011]).outputs)).toEqual(['2:2011']);
    expect(ports(ack([2012, 30120]).outputs)).toEqual(['3:2012/30120']);
    const unknown = ack([99999]);
    expect(unknown.switch).toMatchObject({ dropped: true, outputs: [], controller: [] });
    expect(unknown.switch.trace.at(-1)).toMatchObject({ tableId: TABLE.labels, priority: PRIORITY.labels.unknownLabel });
    expect(unknown.packetIns).toEqual([]);

    const k0 = (labels: number[]) => ports(h.send('k0', withLabels(h.client({ srcPort: 40000 }), labels)).outputs);
    expect(k0([1001])).toEqual(['2:1001']);
    expect(k0([1002, 2021, 30210])).toEqual(['3:1002/2021/30210']);
    // A level's core knows its own targets' labels only.
    expect(k0([2011])).toEqual([]);
  });

  it('hold no VIP rules or pins: a SYN to the VIP is plain L2 there', () => {
    const h = setup();
    for (const sw of ['k0', 'k1']) {
      const ex = h.send(sw, h.client({ srcPort: 40000 }));
      expect({ sw, tables: ex.switch.trace.map((t) => t.tableId), took: ex.packetIns.map((p) => p.app) }).toEqual({
        sw, tables: [TABLE.classify, TABLE.pins, TABLE.services, TABLE.l2], took: ['forwarding'],
      });
      const sim = h.processes.get(sw === 'k0' ? 'net' : 'as1')!.controller.sim(h.dpid(sw));
      expect({ sw, services: sim.table(TABLE.services).length, pins: sim.table(TABLE.pins).length }).toEqual({ sw, services: 1, pins: 1 });
    }
  });
});
