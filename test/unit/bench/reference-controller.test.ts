// bench:site's reference reactive controller against an emulated switch: its rules at
// connect, and its answers to a SYN for the VIP, an ARP request for the VIP and a
// packet it has nothing to do with.
import type { AddressInfo, Server } from 'node:net';
import { startReferenceController, type ReferenceOptions } from '../../../bench/reference/reference-controller';
import type { FlowMod, OfMessage, PacketOut } from '../../../southbound/codec/types';
import { FakeSwitch } from '../../support/fake-switch';

const TARGETS = [
  { mac: '00:00:00:00:03:01', port: 1 },
  { mac: '00:00:00:00:03:02', port: 2 },
  { mac: '00:00:00:00:03:03', port: 3 },
];

function tcpSyn(src: number[], dst: number[], srcPort: number, dstPort: number): Buffer {
  const f = Buffer.alloc(54);
  Buffer.from('02000000000100000000010108004500', 'hex').copy(f, 0);
  f.writeUInt16BE(40, 16);
  f[22] = 64;
  f[23] = 6;
  Buffer.from(src).copy(f, 26);
  Buffer.from(dst).copy(f, 30);
  f.writeUInt16BE(srcPort, 34);
  f.writeUInt16BE(dstPort, 36);
  f[46] = 0x50;
  f[47] = 0x02;
  return f;
}

function arpRequest(tpa: number[]): Buffer {
  const f = Buffer.alloc(42);
  Buffer.from('ffffffffffff' + '000000000101' + '0806' + '0001080006040001', 'hex').copy(f, 0);
  Buffer.from('0000000001010a000101', 'hex').copy(f, 22); // sender MAC, sender IP 10.0.1.1
  Buffer.from(tpa).copy(f, 38);
  return f;
}

const packetIn = (data: Buffer, inPort: number, xid: number): OfMessage => ({
  type: 'PACKET_IN', xid, bufferId: 0xffffffff, totalLen: data.length, reason: 0, tableId: 0, cookie: 0n,
  match: [{ field: 'in_port', value: inPort }], data,
});

describe('reference controller', () => {
  let server: Server | undefined;
  let sw: FakeSwitch | undefined;
  const ready: string[] = [];

  async function start(extra: Partial<ReferenceOptions> = {}): Promise<FakeSwitch> {
    server = await startReferenceController({
      port: 0, vip: '10.0.0.100', vipPort: 80, vipMac: '02:00:00:00:00:01', targets: TARGETS, idleTimeout: 60, synRule: true,
      onReady: (d) => ready.push(d), ...extra,
    });
    sw = await FakeSwitch.connect((server.address() as AddressInfo).port, { datapathId: 0x102n });
    await sw.waitFor('BARRIER_REQUEST');
    return sw;
  }

  afterEach(async () => {
    sw?.close();
    await new Promise((r) => server?.close(r) ?? r(undefined));
    ready.length = 0;
  });

  it('installs the SYN rule above the VIP catch-all and the ARP rule, then says ready', async () => {
    const s = await start();
    const mods = s.received.filter((m): m is FlowMod => m.type === 'FLOW_MOD');
    expect(mods.map((m) => [m.priority, m.match.map((f) => f.field)])).toEqual([
      [101, ['eth_type', 'ip_proto', 'ipv4_dst', 'tcp_dst', 'raw']],
      [100, ['eth_type', 'ip_proto', 'ipv4_dst', 'tcp_dst']],
      [100, ['eth_type', 'arp_op', 'arp_tpa']],
    ]);
    await new Promise((r) => setTimeout(r, 50));
    expect(ready).toEqual(['0000000000000102']);
  });

  it('without the SYN rule installs only the catch-all and ARP rules', async () => {
    const s = await start({ synRule: false });
    expect(s.received.filter((m) => m.type === 'FLOW_MOD')).toHaveLength(2);
  });

  it('pins a SYN for the VIP to the server its client port picks, with slr\'s pin flow, and sends the packet on', async () => {
    const s = await start();
    const syn = tcpSyn([10, 0, 1, 1], [10, 0, 0, 100], 40001, 80);
    s.send(packetIn(syn, 4, 77));
    const out = (await s.waitFor('PACKET_OUT')) as PacketOut;
    const pin = s.received.filter((m): m is FlowMod => m.type === 'FLOW_MOD')[3];
    const target = TARGETS[40001 % 3];
    const actions = [{ type: 'SET_FIELD', field: { field: 'eth_dst', value: target.mac } }, { type: 'OUTPUT', port: target.port, maxLen: 0 }];
    expect(pin).toMatchObject({
      priority: 1000, idleTimeout: 60, hardTimeout: 0, flags: 1, command: 0,
      match: [
        { field: 'eth_type', value: 0x0800 }, { field: 'ip_proto', value: 6 }, { field: 'ipv4_src', value: '10.0.1.1' },
        { field: 'ipv4_dst', value: '10.0.0.100' }, { field: 'tcp_src', value: 40001 }, { field: 'tcp_dst', value: 80 },
      ],
      instructions: [{ type: 'APPLY_ACTIONS', actions }],
    });
    expect(out).toMatchObject({ inPort: 4, actions, bufferId: 0xffffffff });
    expect(Buffer.compare(out.data, syn)).toBe(0);
    // The pin precedes the PACKET_OUT (the packet's followers meet the flow).
    expect(s.received.indexOf(pin)).toBeLessThan(s.received.indexOf(out));
  });

  it('answers an ARP request for the VIP with the VIP MAC and ignores other packets', async () => {
    const s = await start();
    s.send(packetIn(tcpSyn([10, 0, 1, 1], [10, 0, 0, 7], 40001, 80), 4, 1));
    s.send(packetIn(tcpSyn([10, 0, 1, 1], [10, 0, 0, 100], 40001, 443), 4, 2));
    s.send(packetIn(arpRequest([10, 0, 0, 9]), 4, 3));
    s.send(packetIn(arpRequest([10, 0, 0, 100]), 4, 4));
    const out = (await s.waitFor('PACKET_OUT')) as PacketOut;
    expect(out.inPort).toBe(0xfffffffd);
    expect(out.actions).toEqual([{ type: 'OUTPUT', port: 4, maxLen: 0 }]);
    expect(out.data.toString('hex')).toBe(
      '000000000101' + '020000000001' + '0806' + '0001080006040002' + '020000000001' + '0a000064' + '000000000101' + '0a000101');
    s.send({ type: 'ECHO_REQUEST', xid: 9, data: Buffer.from('x') });
    await s.waitFor('ECHO_REPLY');
    expect(s.received.filter((m) => m.type === 'PACKET_OUT')).toHaveLength(1);
    expect(s.received.filter((m) => m.type === 'FLOW_MOD')).toHaveLength(3);
  });
});
