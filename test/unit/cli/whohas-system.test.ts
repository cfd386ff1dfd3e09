// WHOHAS at the system level (issue 10 item 10: the same guarantees at every level), on
// the in-memory hierarchy of topologies/whohas-system.json: two system SLR clusters (asw
// over site a, ase over site b) with their own borders, the client reaching both. A
// connection opened through west's border and moved to east's is found at west and
// carried across: east pushes what west answered (site a's label, and the server's once
// the site's shortcut arrived), west's border switches it on to site a, and it reaches
// the server it started on. Built from the configs the e2e harness writes; the gRPC
// between the clusters is replaced by a direct call to the neighbour's answer.
import { simHierarchy, type SimHierarchy } from '../../support/sim-hierarchy';
import { WHOHAS_SYSTEM } from '../../support/hierarchy-config';
import { TCP_ACK } from '../../support/sim-packet';

const hostsOf = (h: SimHierarchy, sw: string, port: number, flags?: number) =>
  h.walk(sw, h.client({ srcPort: port, flags })).arrivals.map((a) => (a.kind === 'host' ? a.host : `${a.switch}:${a.port}`));

function setup(shortcut: boolean): SimHierarchy {
  const h = simHierarchy(WHOHAS_SYSTEM);
  // Without its link up, site a sends no shortcut: west's pin stays on site a's label alone.
  if (!shortcut) h.processOf('sitea').slr.upstreams.delete('sitea');
  h.register();
  return h;
}

describe('WHOHAS between two system SLR clusters', () => {
  it.each([
    ['after the site\'s shortcut (west answers site a\'s label and the server\'s)', true, 2],
    ['without a shortcut (west answers site a\'s label; site a\'s pin picks the server)', false, 1],
  ])('carries a connection moved to east\'s border to its server at site a, %s', async (_what, shortcut, depth) => {
    const h = setup(shortcut);
    const [server] = hostsOf(h, 'bw', 40000);
    expect(['va1', 'va2']).toContain(server);
    await h.settle();
    const west = h.level('asw').pins.get(6, 0x0a010001, 40000, 0x0a000064, 80)!;
    expect(west.path).toMatchObject({ kind: 'mpls', port: 2 });
    expect(west.path?.kind === 'mpls' && west.path.labels.length).toBe(depth);

    // The client's route moved: its next packet reaches east's border, which never saw it.
    expect(hostsOf(h, 'be', 40000, TCP_ACK)).toEqual([]);
    await h.settle();
    const east = h.level('ase');
    expect(east.counters).toMatchObject({ unknownConnectionDrops: 1, whoHasAsked: 1, whoHasRepins: 1, whoHasMisses: 0 });
    const pin = east.pins.get(6, 0x0a010001, 40000, 0x0a000064, 80)!;
    expect(pin.target).toBe('asw/sitea');
    expect(pin.path).toEqual({ kind: 'mpls', port: 5, labels: west.path?.kind === 'mpls' ? west.path.labels : [] });
    // Every later packet through east reaches the same server, across west's border and site a.
    expect(hostsOf(h, 'be', 40000, TCP_ACK)).toEqual([server]);
    expect(hostsOf(h, 'be', 40000, TCP_ACK)).toEqual([server]);
    expect(h.level('asw').counters.whoHasAnswered).toBe(1);
    // East decides its own new connections: site b.
    expect(['vb1', 'vb2']).toContain(hostsOf(h, 'be', 40001)[0]);
  });

  it('drops a moved connection nobody has, and a connection east pinned from an answer is not offered onward', async () => {
    const h = setup(true);
    expect(hostsOf(h, 'bw', 40100, TCP_ACK)).toEqual([]);
    await h.settle();
    expect(h.level('asw').counters).toMatchObject({ whoHasAsked: 1, whoHasMisses: 1, whoHasRepins: 0 });
    expect(h.level('ase').counters.whoHasAnswered).toBe(0);

    hostsOf(h, 'bw', 40200);
    await h.settle();
    hostsOf(h, 'be', 40200, TCP_ACK);
    await h.settle();
    expect(h.level('ase').whoHas({ proto: 6, srcIp: 0x0a010001, srcPort: 40200, dstIp: 0x0a000064, dstPort: 80 })).toMatchObject({ found: false, detail: expect.stringMatching(/through a neighbour \(asw\/sitea\)/) });
  });
});
