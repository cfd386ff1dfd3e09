// The ip-tunnel path (level/path.ts): what the ingress switch is told to do with a
// connection whose target is reached through an Open vSwitch tunnel port, down to the
// bytes of the set_field tunnel_id action it sends.
import { pathActions } from '../../../../apps/flow-pinning/path-actions';
import { actionsLength, decodeActions, writeActions } from '../../../../southbound/codec/actions';
import type { Action } from '../../../../southbound/codec';
import { extendPath, type Path } from '../../../../level/path';
import { HIERARCHY2_VXLAN } from '../../../support/hierarchy-config';
import { simHierarchy, type SimHierarchy } from '../../../support/sim-hierarchy';
import { TCP_ACK } from '../../../support/sim-packet';

function wire(actions: readonly Action[]): string {
  const buf = Buffer.alloc(actionsLength(actions));
  writeActions(actions, buf, 0);
  return buf.toString('hex');
}

describe('ip-tunnel path actions', () => {
  it('with a key: writes tunnel_id, then outputs to the tunnel port (no MPLS push, no MAC rewrite)', () => {
    const actions = pathActions({ kind: 'ip-tunnel', port: 20, tunnelId: 5001 });
    expect(actions).toEqual([
      { type: 'SET_FIELD', field: { field: 'tunnel_id', value: 5001n } },
      { type: 'OUTPUT', port: 20, maxLen: 0 },
    ]);
    // set_field (type 25, 16 bytes): OXM OPENFLOW_BASIC (0x8000), field 38 (tunnel_id) << 1 = 0x4c,
    // length 8, the 64-bit key; then output (type 0) to port 20 (OpenFlow 1.3.5 sections 7.2.3.7, 7.2.5).
    expect(wire(actions)).toBe('0019' + '0010' + '80004c08' + '0000000000001389' + '0000' + '0010' + '00000014' + '0000' + '000000000000');
    const bytes = Buffer.from(wire(actions), 'hex');
    expect(decodeActions(bytes, 0, bytes.length)).toEqual(actions);
  });

  it('without a key (a port with a fixed key): only the output', () => {
    expect(pathActions({ kind: 'ip-tunnel', port: 20 })).toEqual([{ type: 'OUTPUT', port: 20, maxLen: 0 }]);
  });

  it('the largest VXLAN VNI fits the field', () => {
    const actions = pathActions({ kind: 'ip-tunnel', port: 3, tunnelId: 0xffffff });
    expect(wire(actions).slice(16, 32)).toBe('0000000000ffffff');
  });

  it('has no shortcut: a lower level\'s label stack cannot be carried inside the tunnel', () => {
    const toSite: Path = { kind: 'ip-tunnel', port: 20, tunnelId: 7 };
    expect(extendPath(toSite, [2011])).toBeUndefined();
  });
});

describe('a site behind a VXLAN port (topologies/hierarchy2-vxlan.json, simulated switches)', () => {
  const LOADS = { sitea: 0.9 };

  function setup(): SimHierarchy {
    const h = simHierarchy(HIERARCHY2_VXLAN);
    h.register(LOADS);
    return h;
  }

  it('the border sends the first packet out of the tunnel port with tunnel_id 5002; site b places it like a first packet and delivers it to a server', () => {
    const h = setup();
    const trip = h.walk('b1', h.client({ srcPort: 40000 }));
    expect(trip.hops.map((x) => `${x.switch}:${x.inPort}:${x.exchange.packetIns.length}`)).toEqual(['b1:1:1', 'eb:20:1']);
    expect(trip.hops[0]!.exchange.outputs.map((o) => ({ port: o.port, tunnelId: o.packet.tunnelId, labels: o.packet.labels }))).toEqual([{ port: 20, tunnelId: 5002n, labels: [] }]);
    expect(trip.arrivals).toHaveLength(1);
    const arrival = trip.arrivals[0]!;
    expect(arrival.kind).toBe('host');
    const server = h.layout.servers.find((s) => arrival.kind === 'host' && s.id === arrival.host)!;
    expect(server.site).toBe('siteb');
    expect(arrival.packet.ethDst).toBe(server.mac);
    expect(h.level('siteb').pins.size).toBe(1);
  });

  it('later packets of the connection take the same way on the pins alone, with no shortcut sent up', async () => {
    const h = setup();
    const first = h.walk('b1', h.client({ srcPort: 40001 }));
    await h.settle();
    const later = h.walk('b1', h.client({ srcPort: 40001, flags: TCP_ACK }));
    expect(later.hops.map((x) => `${x.switch}:${x.exchange.packetIns.length}`)).toEqual(['b1:0', 'eb:0']);
    expect(later.arrivals).toEqual([expect.objectContaining({ kind: 'host', host: (first.arrivals[0] as { host: string }).host })]);
    expect(later.hops[0]!.exchange.outputs.map((o) => `${o.port}:${String(o.packet.tunnelId)}`)).toEqual(['20:5002']);
    expect(h.level('siteb').counters.shortcutsSent).toBe(0);
  });

  it('site a is still reached by MPLS through the core', () => {
    const h = simHierarchy(HIERARCHY2_VXLAN);
    h.register({ siteb: 0.9 });
    const trip = h.walk('b1', h.client({ srcPort: 40002 }));
    expect(trip.hops[0]!.exchange.outputs.map((o) => ({ port: o.port, labels: o.packet.labels, tunnelId: o.packet.tunnelId }))).toEqual([{ port: 2, labels: [2001], tunnelId: undefined }]);
    expect(trip.arrivals).toEqual([expect.objectContaining({ kind: 'host' })]);
  });
});
