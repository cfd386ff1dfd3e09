// SlrProcess's answers to the level below (cli/slr-process.ts), reached through its
// registration sink (sinkFor) without gRPC, on the in-memory hierarchy3: a shortcut
// extends the pin's path and re-pins the connection at its entry, a release forgets
// the pin and counts the child out of the subnet.
import type { Registrant } from '../../../peering';
import { flowRefOf, simHierarchy, type SimHierarchy } from '../../support/sim-hierarchy';
import { TCP_ACK, withLabels } from '../../support/sim-packet';
import { TABLE } from '../../../apps/pipeline/layout';

const LOADS = { as2: 0.9, site12: 0.9, v112: 0.9, v113: 0.9 };
const ports = (outs: Array<{ port: number; packet: { labels: readonly number[] } }>) => outs.map((o) => `${o.port}:${o.packet.labels.join('/')}`);

function setup(): SimHierarchy {
  const h = simHierarchy();
  h.register(LOADS);
  return h;
}

const sinkOf = (h: SimHierarchy, id: string) => h.processOf(id).slr.sinkFor(h.level(id));

describe('SlrProcess: a shortcut from the level below', () => {
  it('extends the pin\'s path with the child\'s stack and re-pins the connection at its entry switch', async () => {
    const h = setup();
    const syn = h.client({ srcPort: 40000 });
    h.send('n1', syn);
    const flow = flowRefOf(syn);
    await expect(sinkOf(h, 'net').shortcut!('as1', flow, [2011, 30111])).resolves.toEqual({ applied: true, detail: 'net pushes 1001/2011/30111' });
    const pin = h.level('net').pins.get(6, flow.srcIp, flow.srcPort, flow.dstIp, flow.dstPort);
    expect(pin).toMatchObject({ target: 'as1', path: { kind: 'mpls', port: 2, labels: [1001, 2011, 30111] } });
    expect(h.level('net').counters).toMatchObject({ shortcutsApplied: 1, shortcutsRefused: 0 });
    expect(ports(h.send('n1', h.client({ srcPort: 40000, flags: TCP_ACK })).outputs)).toEqual(['2:1001/2011/30111']);
  });

  it('refuses a child that is not the pin\'s target, a connection not pinned here, and a stack too deep; the pin stays', async () => {
    const h = setup();
    const syn = h.client({ srcPort: 40000 });
    h.send('n1', syn);
    const net = sinkOf(h, 'net');
    await expect(net.shortcut!('as2', flowRefOf(syn), [2021, 30210])).resolves.toEqual({ applied: false, refused: true, detail: 'the connection is pinned to as1, not as2' });
    await expect(net.shortcut!('as1', flowRefOf(h.client({ srcPort: 40001 })), [2011])).resolves.toMatchObject({ applied: false, refused: true, detail: expect.stringMatching(/not pinned/) });
    await expect(net.shortcut!('as1', flowRefOf(syn), [2011, 30111, 40000])).resolves.toMatchObject({ applied: false, refused: true, detail: expect.stringMatching(/does not fit/) });
    expect(h.level('net').counters).toMatchObject({ shortcutsApplied: 0, shortcutsRefused: 3 });
    expect(ports(h.send('n1', h.client({ srcPort: 40000, flags: TCP_ACK })).outputs)).toEqual(['2:1001']);
  });

  it('at a middle level, passes the extended stack up to where the connection entered', async () => {
    const h = setup();
    // The site's own shortcut is left out, so the test sends it by hand.
    h.processOf('site11').slr.upstreams.delete('site11');
    const syn = h.client({ srcPort: 40000 });
    expect(h.walk('n1', syn).arrivals.map((a) => a.kind === 'host' && a.host)).toEqual(['v111']);
    const v111 = h.level('site11').exitLabelOf('v111')!;
    await expect(sinkOf(h, 'as1').shortcut!('site11', flowRefOf(syn), [v111])).resolves.toEqual({ applied: true, detail: `applied above as1: net pushes 1001/2011/${v111}` });
    expect(h.level('as1').counters).toMatchObject({ shortcutsSent: 1, shortcutsApplied: 1 });
    expect(ports(h.send('n1', h.client({ srcPort: 40000, flags: TCP_ACK })).outputs)).toEqual([`2:1001/2011/${v111}`]);
  });

  it('at a middle level, re-pins on its own ingress when the level above is not there or fails', async () => {
    for (const above of [{ state: () => 'registering' }, { state: () => 'registered', shortcut: () => Promise.reject(new Error('unavailable')) }]) {
      const h = setup();
      h.processOf('site11').slr.upstreams.delete('site11');
      h.processOf('as1').slr.upstreams.set('as1', above as unknown as Registrant);
      const syn = h.client({ srcPort: 40000 });
      h.walk('n1', syn);
      const v111 = h.level('site11').exitLabelOf('v111')!;
      await expect(sinkOf(h, 'as1').shortcut!('site11', flowRefOf(syn), [v111])).resolves.toEqual({ applied: true, detail: `as1 pushes 2011/${v111}` });
      expect(ports(h.send('b1', withLabels(h.client({ srcPort: 40000, flags: TCP_ACK }), [1001])).outputs)).toEqual([`2:2011/${v111}`]);
      // The network's entry still tunnels to the AS only.
      expect(ports(h.send('n1', h.client({ srcPort: 40000, flags: TCP_ACK })).outputs)).toEqual(['2:1001']);
    }
  });

  it('is sent up by a site only for connections that came down a tunnel', async () => {
    const h = setup();
    // A client attached to the site edge itself: no tunnel, nothing to shortcut.
    h.walk('e11', h.client({ srcPort: 40000, inPort: 5 }));
    await h.settle();
    expect(h.level('site11').counters).toMatchObject({ newConnections: 1, shortcutsSent: 0 });
    h.walk('n1', h.client({ srcPort: 40001 }));
    await h.settle();
    expect(h.level('site11').counters).toMatchObject({ newConnections: 2, shortcutsSent: 1 });
  });
});

describe('SlrProcess: a release from the level below', () => {
  it('forgets the pin, removes its flow, and withdraws the child\'s load for that subnet only', () => {
    const h = setup();
    const syn = h.client({ srcPort: 40000 });
    h.send('n1', syn);
    const net = h.level('net');
    const n1 = h.processOf('net').controller.sim(h.dpid('n1'));
    expect(n1.table(TABLE.pins)).toHaveLength(2);
    expect(sinkOf(h, 'net').release!('as1', flowRefOf(syn), 'no eligible target')).toEqual({ released: true, detail: 'net forgot the pin' });
    expect(net.pins.size).toBe(0);
    expect(n1.table(TABLE.pins)).toHaveLength(1);
    expect(net.store.loads.get('10.0.0.100/32', 'as1')).toBeUndefined();
    expect(net.store.loads.get('192.200.0.0/16', 'as1')).toBeDefined();
    expect(net.store.loads.get('10.0.0.100/32', 'as2')).toBeDefined();
    expect(net.counters.releasesReceived).toBe(1);
  });

  it('refuses a child that is not the pin\'s target and answers not-released for a connection not pinned here', () => {
    const h = setup();
    const syn = h.client({ srcPort: 40000 });
    h.send('n1', syn);
    const net = sinkOf(h, 'net');
    expect(net.release!('as2', flowRefOf(syn), 'no eligible target')).toEqual({ released: false, refused: true, detail: 'the connection is pinned to as1, not as2' });
    expect(net.release!('as1', flowRefOf(h.client({ srcPort: 40001 })), 'no eligible target')).toEqual({ released: false, detail: 'the connection is not pinned at this level' });
    expect(h.level('net').pins.size).toBe(1);
    expect(h.level('net').store.loads.get('10.0.0.100/32', 'as2')).toBeDefined();
    expect(h.level('net').counters.releasesReceived).toBe(0);
  });
});
