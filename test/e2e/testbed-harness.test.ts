// Self-test of the e2e harness against Open vSwitch's own ovs-testcontroller, so a
// failure here points at the test bed (OVS, Mininet, the driver), not at slr.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startE2eNetwork, type E2eNetwork } from '../support/e2e-network';
import { isTableMiss, parseFlows } from '../support/flow-table';
import { httpStatus, startHttpServer } from '../support/traffic';

const ownLinks = (prefix: string): string[] =>
  execFileSync('ip', ['-o', 'link'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.split(': ')[1]?.split('@')[0] ?? '')
    .filter((name) => name.startsWith(prefix));

describe('e2e harness on linear3 with ovs-testcontroller', () => {
  let env: E2eNetwork;

  beforeAll(async () => {
    env = await startE2eNetwork({ name: 'testbed-harness', topology: 'topologies/linear3.json', controller: 'ovs-testcontroller' });
    await env.net.waitConnected(20);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('builds three OpenFlow 1.3 secure-mode bridges with the topology dpids', async () => {
    const { prefix, switches } = env.net.info;
    expect(Object.keys(switches)).toEqual(['s1', 's2', 's3']);
    for (const [name, sw] of Object.entries(switches)) {
      expect(sw.bridge).toBe(prefix + name);
      const get = (col: string): string =>
        execFileSync('ovs-vsctl', ['get', 'Bridge', sw.bridge, col], { encoding: 'utf8' }).trim();
      expect(get('fail_mode')).toBe('secure');
      expect(get('datapath_type')).toBe('netdev');
      expect(get('protocols')).toContain('OpenFlow13');
      expect(get('other_config:datapath-id')).toBe(`"${sw.dpid}"`);
    }
  });

  it('connects every host (0% loss) through the reference controller', async () => {
    const res = await env.net.pingAll();
    expect(res.failed).toEqual([]);
    expect(res.loss).toBe(0);
    expect(res.sent).toBe(20);
  });

  it('runs commands in hosts with their output and exit code', async () => {
    const ok = await env.net.cmd('h2', 'ip -4 -o addr show; echo done');
    expect(ok.exit).toBe(0);
    expect(ok.output).toContain('10.0.0.2/24');
    expect((await env.net.cmd('h2', 'exit 3')).exit).toBe(3);
    const slow = await env.net.request('cmd', { host: 'h1', cmd: 'sleep 5', timeout: 0.5 });
    expect(slow.ok).toBe(false);
    expect(slow.error).toMatch(/timeout/);
  });

  it('turns checksum offload off on host interfaces', async () => {
    const intf = `${env.net.info.hosts.h1!.node}-eth0`;
    const res = await env.net.cmd('h1', `ethtool -k ${intf}`);
    expect(res.output).toMatch(/tx-checksumming: off/);
    expect(res.output).toMatch(/rx-checksumming: off/);
  });

  it('turns IPv6 off in every host and on every bridge port, so no neighbour discovery or router solicitation reaches the switches', async () => {
    for (const [name, host] of Object.entries(env.net.info.hosts)) {
      const res = await env.net.cmd(name, `cat /proc/sys/net/ipv6/conf/${host.node}-eth0/disable_ipv6; ip -6 -o addr show`);
      expect({ name, output: res.output.trim() }).toEqual({ name, output: '1' });
    }
    // Each bridge's own port (LOCAL) and the switch ends of the links live in the root namespace.
    for (const name of [...Object.values(env.net.info.switches).map((s) => s.bridge), ...ownLinks(env.net.info.prefix)]) {
      expect({ name, off: readFileSync(`/proc/sys/net/ipv6/conf/${name}/disable_ipv6`, 'utf8').trim() }).toEqual({ name, off: '1' });
    }
  });

  it('serves HTTP between hosts (TCP works on the userspace datapath)', async () => {
    const server = await startHttpServer(env.net, 'h4');
    expect(await httpStatus(env.net, 'h1', server.url)).toBe('200');
    expect((await env.net.bgStatus(server.pid)).running).toBe(true);
    await env.net.kill(server.pid);
    expect((await env.net.request('bgStatus', { pid: server.pid })).ok).toBe(false);
  });

  it('refuses to kill a PID it did not start and answers unknown ops with an error', async () => {
    const bad = await env.net.request('kill', { pid: process.pid });
    expect(bad.ok).toBe(false);
    expect((await env.net.request('nonsense')).ok).toBe(false);
    expect((await env.net.request('dumpFlows', { switch: 'nope' })).ok).toBe(false);
  });

  it('dumps flows that parse, including a table-miss entry', async () => {
    const flows = parseFlows(await env.net.dumpFlows('s2'));
    expect(flows.length).toBeGreaterThan(0);
    expect(flows.some(isTableMiss)).toBe(true);
  });

  it('reports switches disconnected after del-controller and reconnected after set-controller', async () => {
    await env.net.delController('s3');
    expect((await env.net.status()).s3!.connected).toBe(false);
    await env.net.setController('s3');
    const st = await env.net.waitConnected(20);
    expect(st.s3!.controllers).toEqual([`tcp:127.0.0.1:${env.controller.port}`]);
  });

  it('removes every bridge and link of its prefix on stop', async () => {
    const { prefix } = env.net.info;
    expect(ownLinks(prefix).length).toBeGreaterThan(0);
    await env.stop();
    expect(ownLinks(prefix)).toEqual([]);
    const bridges = execFileSync('ovs-vsctl', ['list-br'], { encoding: 'utf8' }).split('\n');
    expect(bridges.filter((b) => b.startsWith(prefix))).toEqual([]);
  });
});
