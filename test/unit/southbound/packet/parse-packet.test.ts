import { TCP_ACK, TCP_RST, TCP_SYN, parsePacket } from '../../../../southbound/packet';
import {
  ARP_REPLY_FRAME, V4_ICMP_UNREACH, V4_TCP_RST, V4_TCP_SYN, V4_UDP, V6_ICMP_UNREACH, V6_NA, V6_TCP_SYN, V6_UDP, VLAN_MPLS_UDP,
} from './golden-frames';

describe('parsePacket on captured IPv4 frames', () => {
  it('decodes every field of a TCP SYN', () => {
    const p = parsePacket(V4_TCP_SYN);
    expect(p.error).toBeUndefined();
    expect(p.truncated).toBe(false);
    expect(p.eth).toEqual({ dst: '00:00:00:00:00:00', src: '00:00:00:00:00:00', type: 0x0800 });
    expect(p.ethType).toBe(0x0800);
    expect(p.vlans).toEqual([]);
    expect(p.ipv4).toMatchObject({
      headerLength: 20, dscp: 0, ecn: 0, totalLength: 60, id: 49291, dontFragment: true, moreFragments: false,
      fragmentOffset: 0, ttl: 64, protocol: 6, checksum: 0x7c2e, src: '127.0.0.1', dst: '127.0.0.1', isFragment: false,
    });
    expect(p.ipv4?.options.length).toBe(0);
    expect(p.tcp).toMatchObject({
      srcPort: 59078, dstPort: 47123, seq: 783931139, ack: 0, headerLength: 40, flags: TCP_SYN, window: 43690,
      checksum: 0xd958, urgentPointer: 0,
    });
    expect(p.tcp?.options.toString('hex')).toBe('0204ffd70402080ae6a340990000000001030309');
    expect(p.l3Offset).toBe(14);
    expect(p.l4Offset).toBe(34);
    expect(p.payload.length).toBe(0);
    expect(p.payloadOffset).toBe(74);
  });

  it('decodes RST/ACK flags and ack number', () => {
    const p = parsePacket(V4_TCP_RST);
    expect(p.tcp).toMatchObject({ srcPort: 47123, dstPort: 59078, seq: 0, ack: 783931140, flags: TCP_RST | TCP_ACK, window: 0 });
  });

  it('decodes UDP and its payload', () => {
    const p = parsePacket(V4_UDP);
    expect(p.udp).toEqual({ srcPort: 46204, dstPort: 47124, length: 17, checksum: 0x6bd9 });
    expect(p.payload.toString()).toBe('hello slr');
  });

  it('decodes an ICMP error and keeps the quoted datagram as payload', () => {
    const p = parsePacket(V4_ICMP_UNREACH);
    expect(p.ipv4?.dscp).toBe(0x30);
    expect(p.icmp).toMatchObject({ type: 3, code: 3, checksum: 0x68d6 });
    expect(p.icmp?.id).toBeUndefined();
    const quoted = parsePacket(Buffer.concat([V4_UDP.subarray(0, 14), p.payload]));
    expect(quoted.udp?.dstPort).toBe(47124);
  });

  it('ignores Ethernet padding after the IP datagram', () => {
    const padded = Buffer.concat([V4_UDP, Buffer.alloc(60 - V4_UDP.length, 0xee)]);
    expect(padded.length).toBe(60);
    expect(parsePacket(padded).payload.toString()).toBe('hello slr');
  });
});

describe('parsePacket on IPv6 frames', () => {
  it('decodes the fixed header and a TCP SYN', () => {
    const p = parsePacket(V6_TCP_SYN);
    expect(p.error).toBeUndefined();
    expect(p.ipv6).toMatchObject({
      trafficClass: 0, flowLabel: 0x75ced, payloadLength: 40, nextHeader: 6, hopLimit: 64, src: '::1', dst: '::1',
      protocol: 6, isFragment: false, extensionHeaders: [],
    });
    expect(p.tcp).toMatchObject({ srcPort: 36342, dstPort: 47125, seq: 2796131621, flags: TCP_SYN, checksum: 0x0ca5 });
  });

  it('decodes UDP', () => {
    const p = parsePacket(V6_UDP);
    expect(p.udp).toEqual({ srcPort: 34855, dstPort: 47126, length: 16, checksum: 0x5714 });
    expect(p.payload.toString()).toBe('v6 hello');
  });

  it('decodes an ICMPv6 error', () => {
    const p = parsePacket(V6_ICMP_UNREACH);
    expect(p.icmpv6).toMatchObject({ type: 1, code: 4, checksum: 0x811c });
    expect(p.icmpv6?.nd).toBeUndefined();
    expect(p.payload.length).toBe(56);
  });

  it('decodes a neighbour advertisement with its target link-layer option', () => {
    const p = parsePacket(V6_NA);
    expect(p.error).toBeUndefined();
    expect(p.ipv6).toMatchObject({ src: 'fe80::1', dst: 'fe80::2', hopLimit: 255 });
    expect(p.icmpv6).toMatchObject({ type: 136, code: 0, checksum: 0xe8c5 });
    expect(p.icmpv6?.nd).toEqual({
      target: '2001:db8::10', router: false, solicited: true, override: true,
      options: [{ type: 2, length: 8, data: Buffer.from('020000000010', 'hex') }],
      targetLinkAddr: '02:00:00:00:00:10',
    });
  });

  it('notes a zero-length ND option as malformed instead of looping', () => {
    const bad = Buffer.from(V6_NA);
    bad[bad.length - 7] = 0; // option length field
    const p = parsePacket(bad);
    expect(p.error).toBe('icmpv6: nd option with zero length');
    expect(p.truncated).toBe(false);
    expect(p.icmpv6?.nd?.target).toBe('2001:db8::10');
  });
});

describe('parsePacket on ARP, VLAN and MPLS', () => {
  it('decodes an ARP reply', () => {
    const p = parsePacket(ARP_REPLY_FRAME);
    expect(p.arp).toEqual({
      hardwareType: 1, protocolType: 0x0800, hardwareLength: 6, protocolLength: 4, op: 2,
      senderMac: '02:00:00:00:01:00', senderIp: '10.0.0.100', targetMac: '02:00:00:00:00:01', targetIp: '10.0.0.1',
    });
    expect(p.l3Offset).toBe(14);
  });

  it('keeps non-Ethernet/IPv4 ARP addresses as hex', () => {
    const arp = Buffer.from('0006' + '86dd' + '02' + '03' + '0001' + 'aabb' + '010203' + 'ccdd' + '040506', 'hex');
    const frame = Buffer.concat([ARP_REPLY_FRAME.subarray(0, 14), arp]);
    expect(parsePacket(frame).arp).toMatchObject({ senderMac: 'aabb', senderIp: '010203', targetMac: 'ccdd', targetIp: '040506' });
  });

  it('decodes VLAN, MPLS, IPv4 options and UDP in one frame', () => {
    const p = parsePacket(VLAN_MPLS_UDP);
    expect(p.error).toBeUndefined();
    expect(p.eth?.type).toBe(0x8100);
    expect(p.vlans).toEqual([{ tpid: 0x8100, pcp: 5, dei: 0, vid: 100 }]);
    expect(p.ethType).toBe(0x8847);
    expect(p.mpls).toEqual([{ label: 1000, tc: 0, bos: true, ttl: 63 }]);
    expect(p.ipv4).toMatchObject({ headerLength: 28, dscp: 0x2e, ttl: 63, id: 0x1234, src: '192.168.1.10', dst: '192.200.0.5' });
    expect(p.ipv4?.options.toString('hex')).toBe('0707040000000000');
    expect(p.udp).toMatchObject({ srcPort: 5000, dstPort: 53, length: 11 });
    expect(p.payload.toString()).toBe('abc');
    expect(p.l3Offset).toBe(22);
    expect(p.l4Offset).toBe(50);
  });

  it('decodes stacked (QinQ) tags outermost first', () => {
    const inner = V4_UDP.subarray(12);
    const frame = Buffer.concat([V4_UDP.subarray(0, 12), Buffer.from('88a8300a8100e0140', 'hex').subarray(0, 8), inner]);
    const p = parsePacket(frame);
    expect(p.vlans).toEqual([
      { tpid: 0x88a8, pcp: 1, dei: 1, vid: 10 },
      { tpid: 0x8100, pcp: 7, dei: 0, vid: 20 },
    ]);
    expect(p.udp?.srcPort).toBe(46204);
  });

  it('decodes a two-entry label stack and stops at bottom of stack', () => {
    const ip = VLAN_MPLS_UDP.subarray(22);
    const frame = Buffer.concat([Buffer.from('0200000000aa0200000000bb8847', 'hex'), Buffer.from('0000a0400003e13f', 'hex'), ip]);
    const p = parsePacket(frame);
    expect(p.mpls).toEqual([
      { label: 10, tc: 0, bos: false, ttl: 64 },
      { label: 62, tc: 0, bos: true, ttl: 63 },
    ]);
    expect(p.udp?.dstPort).toBe(53);
  });

  it('leaves a non-IP MPLS payload as opaque payload', () => {
    const frame = Buffer.from('0200000000aa0200000000bb8847' + '00001140' + '0200000000cc', 'hex');
    const p = parsePacket(frame);
    expect(p.error).toBeUndefined();
    expect(p.ipv4).toBeUndefined();
    expect(p.payload.toString('hex')).toBe('0200000000cc');
  });

  it('passes unknown EtherTypes through as payload', () => {
    const frame = Buffer.from('0180c200000e0200000000bb88cc' + '0207046f6e65', 'hex');
    const p = parsePacket(frame);
    expect(p.ethType).toBe(0x88cc);
    expect(p.payload.toString('hex')).toBe('0207046f6e65');
    expect(p.error).toBeUndefined();
  });
});
