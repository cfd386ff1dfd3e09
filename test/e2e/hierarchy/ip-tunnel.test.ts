// A site reached through an IP tunnel (topologies/hierarchy2-vxlan.json): the system
// SLR at the AS border b1 sends site b's connections out of a VXLAN port (delivery
// ip-tunnel, tunnel_id 5002); Open vSwitch's userspace datapath wraps them in UDP/IP
// across an underlay link of their own, site b's edge eb unwraps them and its site SLR
// places them like any first packet. Site a is still reached by MPLS. What is checked
// is what crosses the wires: every connection succeeds from the VIP, and each one that
// site b served was seen on the underlay as a VXLAN packet with VNI 5002 around its SYN.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { registerChild, stopChild } from '../../support/child-registry';
import { HIERARCHY2_VXLAN } from '../../support/hierarchy-config';
import { startHierarchy, type Hierarchy } from '../../support/hierarchy-harness';
import { onLines } from '../../support/line-reader';
import { waitUntil } from '../../support/site-logs';
import { curl, fetchMany } from '../../support/site-traffic';

const VIP = '10.0.0.100';
const VNI = 5002;
let h: Hierarchy;

beforeAll(async () => {
  h = await startHierarchy({ name: 'hierarchy2-vxlan', topology: HIERARCHY2_VXLAN, reportIntervalMs: 500 });
  // Site b's servers find the clients through the tunnel (their ARP and replies cross it).
  await h.warmL2();
}, 240_000);

afterAll(async () => {
  await h?.stop();
}, 60_000);

const siteOf = (server: string): string => h.layout.servers.find((s) => s.id === server)!.site;

/** tcpdump on the underlay link (root namespace) writing the VXLAN packets to a file. */
async function capture(file: string): Promise<ChildProcess> {
  const link = h.net.info.tunnels[0]!.underlayLink;
  // --immediate-mode: each packet reaches tcpdump as it is captured (not in blocks of the
  // capture ring, which a stopped tcpdump would never read), and -U writes it at once.
  const child = spawn('tcpdump', ['-i', link, '-nn', '--immediate-mode', '-U', '-w', file, 'udp dst port 4789'], { stdio: ['ignore', 'ignore', 'pipe'] });
  registerChild('tcpdump', child);
  let listening = false;
  onLines(child.stderr!, (line) => {
    if (line.includes('listening on')) listening = true;
  });
  await waitUntil('tcpdump to listen on the underlay', () => listening, 10_000, 50);
  return child;
}

/** The client ends (ip:port) of the SYNs to the VIP seen inside VXLAN packets with one VNI. */
function tunnelledSyns(file: string, vni: number): Set<string> {
  const text = execFileSync('tcpdump', ['-nn', '-r', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 });
  const out = new Set<string>();
  const re = /vni (\d+)\s+IP (\d+\.\d+\.\d+\.\d+\.\d+) > ([\d.]+): Flags \[S\],/g;
  for (const m of text.matchAll(re)) {
    if (Number(m[1]) === vni && m[3] === `${VIP}.80`) out.add(m[2]!);
  }
  return out;
}

describe('a site behind a VXLAN tunnel', () => {
  it('the tunnel ports exist on both ends and the underlay is the only way to site b', () => {
    const t = h.net.info.tunnels[0]!;
    expect({ a: t.a, aPort: t.aPort, b: t.b, bPort: t.bPort, type: t.type }).toEqual({ a: 'b1', aPort: 20, b: 'eb', bPort: 20, type: 'vxlan' });
  });

  it('every connection to the VIP succeeds, and each one site b served crossed the underlay as VXLAN with its VNI', async () => {
    const file = path.join(h.dir, 'underlay.pcap');
    const dump = await capture(file);
    let spread: Awaited<ReturnType<typeof fetchMany>>;
    try {
      const one = await curl(h.net, 'c1', `http://${VIP}/`);
      expect({ code: one.code, remoteIp: one.remoteIp }).toEqual({ code: '200', remoteIp: VIP });
      spread = await fetchMany(h.net, 'c2', `http://${VIP}/`, { count: 40, concurrency: 4 });
    } finally {
      await stopChild(dump);
    }
    expect(spread.errors).toEqual({});
    expect(spread.succeeded).toBe(40);
    const siteB = Object.entries(spread.byServer).filter(([s]) => siteOf(s) === 'siteb').reduce((n, [, k]) => n + k, 0);
    // least-load spreads new connections over both sites: site b takes a share of them.
    expect(siteB).toBeGreaterThan(0);
    const syns = tunnelledSyns(file, VNI);
    const fromC2 = [...syns].filter((end) => end.startsWith(`${h.layout.clients.find((c) => c.id === 'c2')!.ip}.`));
    // One SYN per connection site b served (a retransmitted SYN has the same client end).
    expect(fromC2.length).toBe(siteB);
    process.stdout.write(`hierarchy2-vxlan: site b served ${siteB} of 40 connections; ${fromC2.length} of their SYNs seen on the underlay in VXLAN VNI ${VNI}\n`);
  }, 120_000);
});
