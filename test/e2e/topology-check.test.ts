// The builder refuses a broken topology file up front, with an error that names the
// problem, before it creates a single bridge.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MininetDriver } from '../support/mininet-driver';

const good = {
  switches: [{ name: 's1', dpid: '1' }, { name: 's2', dpid: '2' }],
  hosts: [{ name: 'h1', ip: '10.0.0.1/24', mac: '00:00:00:00:00:01' }],
  links: [{ a: 'h1', b: 's1' }, { a: 's1', b: 's2' }],
};

describe('topology checks in the Mininet builder', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'slr-topo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function startWith(topo: unknown): Promise<string> {
    const file = path.join(dir, `t${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(topo));
    try {
      const driver = await MininetDriver.start({ topology: file, controllerPort: 1, logDir: dir, readyTimeoutMs: 30_000 });
      await driver.stop();
      return 'started';
    } catch (err) {
      return (err as Error).message;
    }
  }

  it.each([
    ['a name too long for interface names', { ...good, switches: [{ name: 'switch1', dpid: '1' }, good.switches[1]] }, /longer than 6/],
    ['a duplicate dpid', { ...good, switches: [{ name: 's1', dpid: '1' }, { name: 's2', dpid: '0001' }] }, /dpid 0000000000000001 is used twice/],
    ['a link to an unknown node', { ...good, links: [{ a: 'h1', b: 's9' }] }, /unknown node 's9'/],
    ['a port number on a host end', { ...good, links: [{ a: 'h1', aPort: 3, b: 's1' }] }, /only for switch ends/],
    ['an address without prefix length', { ...good, hosts: [{ name: 'h1', ip: '10.0.0.1' }] }, /ip needs an IPv4 address with \/prefix/],
    ['an ipv6 switch that is not a boolean', { ...good, ipv6: 'no' }, /"ipv6" must be true or false/],
    ['a port used twice', { ...good, links: [{ a: 'h1', b: 's1', bPort: 1 }, { a: 's1', aPort: 1, b: 's2' }] }, /port 1 of s1 is used twice/],
    ['a tunnel to a host', { ...good, tunnels: [{ a: 's1', aPort: 20, b: 'h1', bPort: 20 }] }, /tunnel 0: b must name a switch/],
    ['a tunnel port a link uses', { ...good, links: [{ a: 'h1', b: 's1', bPort: 1 }, { a: 's1', b: 's2' }], tunnels: [{ a: 's1', aPort: 1, b: 's2', bPort: 20 }] }, /tunnel 0: port 1 of s1 is used twice/],
    ['a tunnel of an unknown type', { ...good, tunnels: [{ a: 's1', aPort: 20, b: 's2', bPort: 20, type: 'ipip' }] }, /tunnel 0: type must be vxlan or gre/],
    ['a tunnel key wider than a VNI', { ...good, tunnels: [{ a: 's1', aPort: 20, b: 's2', bPort: 20, key: 16777216 }] }, /tunnel 0: key must be "flow" or 0..16777215/],
    ['underlay addresses in two subnets', { ...good, tunnels: [{ a: 's1', aPort: 20, b: 's2', bPort: 20, underlay: ['172.31.0.1/24', '172.31.1.2/24'] }] }, /tunnel 0: underlay must be two IPv4 addresses of one subnet/],
  ])('rejects %s', async (_what, topo, message) => {
    expect(await startWith(topo)).toMatch(message);
  });
});
