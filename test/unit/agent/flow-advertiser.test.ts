// Server-side recovery in the agent: which sockets count as stalled, and the advertiser's
// loop (walk only when the kernel retransmitted, one echo per connection per repeatMs,
// signed with the session key, nothing without a key).
import { endianness } from 'node:os';
import { FlowAdvertiser } from '../../../agent/flow-advertiser';
import { stalledConnections } from '../../../agent/stall-scan';
import { parseCidr, parseFlowAdvertisement, parseIpv4Address, verifyFlowAdvertisement } from '../../../controller/net';
import { FakeClock } from '../peering/fake-clock';
import { RecordingLog } from '../peering/recording-log';

/** An address as /proc/net/tcp prints it on this machine. */
function hexIp(ip: string): string {
  const b = ip.split('.').map(Number);
  const bytes = endianness() === 'LE' ? b.reverse() : b;
  return bytes.map((x) => x.toString(16).padStart(2, '0')).join('').toUpperCase();
}
const hexPort = (p: number): string => p.toString(16).padStart(4, '0').toUpperCase();
function line(n: number, local: string, lport: number, remote: string, rport: number, st: number, timer: number, retrnsmt: number): string {
  return `${String(n).padStart(4)}: ${hexIp(local)}:${hexPort(lport)} ${hexIp(remote)}:${hexPort(rport)} ${st.toString(16).padStart(2, '0').toUpperCase()} 00001000:00000000 ${String(timer).padStart(2, '0')}:00000040 ${retrnsmt.toString(16).padStart(8, '0')}     0        0 12345 2 0000000000000000 20 4 30 10 -1`;
}
const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
const VIP_FILTER = [{ subnet: parseCidr('10.0.0.100/32')!, ports: new Set([80]) }];
const snmp = (retrans: number): string => `Tcp: RtoAlgorithm RtoMin RetransSegs InErrs\nTcp: 1 200 ${retrans} 0\n`;

describe('stalledConnections', () => {
  it('finds ESTABLISHED sockets of the VIP\'s service ports whose retransmit timer fired enough times', () => {
    const text = [
      HEADER,
      line(0, '10.0.0.100', 80, '10.0.1.1', 40000, 1, 1, 3), // stalled
      line(1, '10.0.0.100', 80, '10.0.1.1', 40001, 1, 1, 1), // one timeout: not yet
      line(2, '10.0.0.100', 80, '10.0.1.1', 40002, 1, 2, 5), // keepalive timer, not retransmit
      line(3, '10.0.0.100', 80, '10.0.1.1', 40003, 6, 1, 5), // TIME_WAIT
      line(4, '10.0.0.11', 80, '10.0.1.1', 40004, 1, 1, 5), // not the VIP
      line(5, '10.0.0.100', 22, '10.0.1.1', 40005, 1, 1, 5), // not a service port
      'garbage line',
    ].join('\n');
    expect(stalledConnections(text, VIP_FILTER, 2)).toEqual([
      { localIp: parseIpv4Address('10.0.0.100'), localPort: 80, remoteIp: parseIpv4Address('10.0.1.1'), remotePort: 40000, retransmits: 3 },
    ]);
  });
});

describe('FlowAdvertiser', () => {
  function setup(key: Buffer | null = Buffer.alloc(32, 5), failSend = false) {
    const clock = new FakeClock(1_796_000_000_000);
    const files = new Map<string, string>([['/proc/net/snmp', snmp(10)], ['/proc/net/tcp', HEADER]]);
    const reads: string[] = [];
    const sent: Array<{ src: string; dst: string; icmp: Buffer }> = [];
    const adv = new FlowAdvertiser({
      config: { enabled: true, pollIntervalMs: 500, minRetransmits: 2, repeatMs: 1000 },
      subnets: [{ subnet: parseCidr('10.0.0.100/32')!, ports: [80] }],
      serverId: 'srv1',
      serverIp: parseIpv4Address('10.0.0.11')!,
      key: () => key ?? undefined,
      read: async (f) => { reads.push(f); return files.get(f) ?? ''; },
      procRoot: '/proc',
      send: async (src, dst, icmp) => {
        if (failSend) throw new Error('no raw socket');
        sent.push({ src, dst, icmp });
      },
      clock,
      log: new RecordingLog(),
    });
    return { adv, clock, files, reads, sent, key };
  }

  it('walks the socket table only when RetransSegs moved', async () => {
    const h = setup();
    await h.adv.poll(); // first look: no baseline yet, walks
    await h.adv.poll();
    expect(h.reads.filter((f) => f.endsWith('/tcp'))).toHaveLength(1);
    h.files.set('/proc/net/snmp', snmp(11));
    await h.adv.poll();
    expect(h.reads.filter((f) => f.endsWith('/tcp'))).toHaveLength(2);
  });

  it('sends a signed echo request from the VIP to the client of a stalled connection, at most once per repeatMs', async () => {
    const h = setup();
    h.files.set('/proc/net/tcp', [HEADER, line(0, '10.0.0.100', 80, '10.0.1.1', 40000, 1, 1, 3)].join('\n'));
    expect(await h.adv.poll()).toBe(1);
    expect(h.sent.map((s) => [s.src, s.dst])).toEqual([['10.0.0.100', '10.0.1.1']]);
    const icmp = h.sent[0]!.icmp;
    expect(icmp[0]).toBe(8); // echo request
    const p = parseFlowAdvertisement(icmp.subarray(8));
    if (typeof p === 'string') throw new Error(p);
    expect(verifyFlowAdvertisement(p, h.key as Buffer)).toBe(true);
    expect(p.advertisement).toMatchObject({ serverId: 'srv1', tuple: { proto: 6, srcIp: parseIpv4Address('10.0.1.1'), srcPort: 40000, dstIp: parseIpv4Address('10.0.0.100'), dstPort: 80 }, sentAtMs: h.clock.now() });
    h.files.set('/proc/net/snmp', snmp(12));
    h.clock.advance(500);
    expect(await h.adv.poll()).toBe(0); // within repeatMs
    h.files.set('/proc/net/snmp', snmp(13));
    h.clock.advance(600);
    expect(await h.adv.poll()).toBe(1);
    expect(h.adv.counters).toMatchObject({ advertised: 2, sendErrors: 0 });
  });

  it('sends nothing without a session key, and counts a failed send', async () => {
    const none = setup(null);
    none.files.set('/proc/net/tcp', [HEADER, line(0, '10.0.0.100', 80, '10.0.1.1', 40000, 1, 1, 3)].join('\n'));
    expect(await none.adv.poll()).toBe(0);
    expect(none.sent).toEqual([]);
    const failing = setup(Buffer.alloc(32, 5), true);
    failing.files.set('/proc/net/tcp', [HEADER, line(0, '10.0.0.100', 80, '10.0.1.1', 40000, 1, 1, 3)].join('\n'));
    expect(await failing.adv.poll()).toBe(0);
    expect(failing.adv.counters).toMatchObject({ advertised: 0, sendErrors: 1 });
  });
});
