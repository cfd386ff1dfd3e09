// Two SLR levels on real Open vSwitch (topologies/hierarchy2.json): a system SLR at the
// AS border chooses one of two host sites and tunnels the first packet there on the
// site's MPLS label; the site SLR chooses a server; the border then pushes the whole
// stack straight to the server (shortcut). Real agents, real HTTP, real Redis.
import { HIERARCHY2 } from '../../support/hierarchy-config';
import { startHierarchy, type Hierarchy } from '../../support/hierarchy-harness';
import { curl } from '../../support/site-traffic';

const VIP = '10.0.0.100';
let h: Hierarchy;

beforeAll(async () => {
  h = await startHierarchy({ name: 'hierarchy2-basic', topology: HIERARCHY2 });
  await h.warmL2();
}, 240_000);

afterAll(async () => {
  await h?.stop();
}, 60_000);

describe('a system SLR over two site SLRs', () => {
  it('answers curls from both clients to the VIP and into the virtual subnet, from the VIP address', async () => {
    for (const c of h.layout.clients) {
      for (const dst of [VIP, '192.200.3.4']) {
        const r = await curl(h.net, c.id, `http://${dst}/`);
        expect({ client: c.id, dst, code: r.code, remoteIp: r.remoteIp }).toEqual({ client: c.id, dst, code: '200', remoteIp: dst });
        expect(h.layout.servers.map((s) => s.id)).toContain(r.servedBy);
      }
    }
  });
});
