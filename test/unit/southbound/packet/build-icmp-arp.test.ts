import {
  ARP_REQUEST, ETH_TYPE_IPV4, ETH_TYPE_IPV6, IPPROTO_ICMP, IPPROTO_ICMPV6, buildArp, buildArpReply, buildArpRequest, buildEthernet,
  buildIcmp, buildIcmpEcho, buildIcmpv6, buildIcmpv6Echo, buildIpv4, buildIpv6, buildNeighborAdvertisement,
  buildNeighborSolicitation, parsePacket, verifyChecksums,
} from '../../../../southbound/packet';
import { ARP_REPLY_FRAME, V4_ICMP_UNREACH, V6_ICMP_UNREACH, V6_NA } from './golden-frames';

const ZERO = '00:00:00:00:00:00';

describe('ARP builders', () => {
  it('buildArpReply gives the golden reply frame', () => {
    const frame = buildArpReply({ senderMac: '02:00:00:00:01:00', senderIp: '10.0.0.100', targetMac: '02:00:00:00:00:01', targetIp: '10.0.0.1' });
    expect(frame).toEqual(ARP_REPLY_FRAME);
  });

  it('buildArpRequest broadcasts with a zero target MAC', () => {
    const p = parsePacket(buildArpRequest({ senderMac: '02:00:00:00:00:01', senderIp: '10.0.0.1', targetIp: '10.0.0.100', vlans: [{ vid: 3 }] }));
    expect(p.eth?.dst).toBe('ff:ff:ff:ff:ff:ff');
    expect(p.vlans[0].vid).toBe(3);
    expect(p.arp).toMatchObject({ op: ARP_REQUEST, senderMac: '02:00:00:00:00:01', senderIp: '10.0.0.1', targetMac: ZERO, targetIp: '10.0.0.100' });
  });

  it('buildArp lets the Ethernet addresses differ from the ARP ones', () => {
    const frame = buildArp({ op: 2, senderMac: '02:00:00:00:00:05', senderIp: '1.2.3.4', targetMac: ZERO, targetIp: '1.2.3.4',
      ethDst: 'ff:ff:ff:ff:ff:ff', pad: true }); // gratuitous ARP
    expect(frame.length).toBe(60);
    expect(parsePacket(frame).eth?.dst).toBe('ff:ff:ff:ff:ff:ff');
  });
});

describe('ICMPv4 builders', () => {
  it('buildIcmp reproduces the captured port-unreachable message', () => {
    const captured = V4_ICMP_UNREACH.subarray(34);
    const msg = buildIcmp({ type: 3, code: 3, body: captured.subarray(4) });
    expect(msg).toEqual(captured);
  });

  it('echo request and reply round-trip with valid checksums', () => {
    for (const kind of ['request', 'reply'] as const) {
      const icmp = buildIcmpEcho({ kind, id: 0x1234, seq: 65535, payload: Buffer.from('slr-probe') });
      const frame = buildEthernet({ dst: ZERO, src: ZERO, ethType: ETH_TYPE_IPV4,
        payload: buildIpv4({ src: '10.0.0.1', dst: '192.200.0.1', protocol: IPPROTO_ICMP, payload: icmp }) });
      const p = parsePacket(frame);
      expect(p.icmp).toMatchObject({ type: kind === 'request' ? 8 : 0, code: 0, id: 0x1234, seq: 65535 });
      expect(p.payload.toString()).toBe('slr-probe');
      expect(verifyChecksums(frame)).toEqual({ ok: true, ipv4Header: true, icmp: true });
    }
  });

  it('checksums an odd-length echo correctly', () => {
    const icmp = buildIcmpEcho({ kind: 'request', id: 1, seq: 1, payload: Buffer.from('abc') });
    const frame = buildEthernet({ dst: ZERO, src: ZERO, ethType: ETH_TYPE_IPV4,
      payload: buildIpv4({ src: '10.0.0.1', dst: '10.0.0.2', protocol: IPPROTO_ICMP, payload: icmp }) });
    expect(verifyChecksums(frame).icmp).toBe(true);
  });
});

describe('ICMPv6 builders', () => {
  it('buildIcmpv6 reproduces the captured port-unreachable message', () => {
    const captured = V6_ICMP_UNREACH.subarray(54);
    expect(buildIcmpv6({ src: '::1', dst: '::1', type: 1, code: 4, body: captured.subarray(4) })).toEqual(captured);
  });

  it('buildNeighborAdvertisement gives the golden NA', () => {
    const na = buildNeighborAdvertisement({ src: 'fe80::1', dst: 'fe80::2', target: '2001:db8::10', targetMac: '02:00:00:00:00:10',
      solicited: true, override: true });
    const frame = buildEthernet({ dst: '02:00:00:00:00:02', src: '02:00:00:00:00:10', ethType: ETH_TYPE_IPV6,
      payload: buildIpv6({ src: 'fe80::1', dst: 'fe80::2', nextHeader: IPPROTO_ICMPV6, hopLimit: 255, payload: na }) });
    expect(frame).toEqual(V6_NA);
    expect(verifyChecksums(frame)).toEqual({ ok: true, icmpv6: true });
  });

  it('neighbour solicitation round-trips with its source link-layer option', () => {
    const ns = buildNeighborSolicitation({ src: 'fe80::2', dst: 'ff02::1:ff00:10', target: '2001:db8::10', sourceMac: '02:00:00:00:00:02' });
    const frame = buildEthernet({ dst: '33:33:ff:00:00:10', src: '02:00:00:00:00:02', ethType: ETH_TYPE_IPV6,
      payload: buildIpv6({ src: 'fe80::2', dst: 'ff02::1:ff00:10', nextHeader: IPPROTO_ICMPV6, hopLimit: 255, payload: ns }) });
    const p = parsePacket(frame);
    expect(p.icmpv6?.type).toBe(135);
    expect(p.icmpv6?.nd).toMatchObject({ target: '2001:db8::10', sourceLinkAddr: '02:00:00:00:00:02' });
    expect(p.icmpv6?.nd?.router).toBeUndefined();
    expect(verifyChecksums(frame)).toEqual({ ok: true, icmpv6: true });
  });

  it('an NS for duplicate address detection has no option', () => {
    const ns = buildNeighborSolicitation({ src: '::', dst: 'ff02::1:ff00:10', target: '2001:db8::10' });
    expect(ns.length).toBe(24);
  });

  it('echo over IPv6 round-trips and a wrong pseudo-header is detected', () => {
    const echo = buildIcmpv6Echo({ kind: 'request', id: 7, seq: 8, src: '2001:db8::1', dst: '2001:db8::2', payload: Buffer.from('x') });
    const good = buildEthernet({ dst: ZERO, src: ZERO, ethType: ETH_TYPE_IPV6,
      payload: buildIpv6({ src: '2001:db8::1', dst: '2001:db8::2', nextHeader: IPPROTO_ICMPV6, payload: echo }) });
    expect(parsePacket(good).icmpv6).toMatchObject({ type: 128, id: 7, seq: 8 });
    expect(verifyChecksums(good).icmpv6).toBe(true);
    const wrongDst = buildEthernet({ dst: ZERO, src: ZERO, ethType: ETH_TYPE_IPV6,
      payload: buildIpv6({ src: '2001:db8::1', dst: '2001:db8::3', nextHeader: IPPROTO_ICMPV6, payload: echo }) });
    expect(verifyChecksums(wrongDst)).toEqual({ ok: false, icmpv6: false });
    expect(() => buildIcmpv6({ src: '10.0.0.1', dst: '::1', type: 128 })).toThrow(RangeError);
  });
});

describe('other neighbour discovery messages', () => {
  const frameOf = (icmp: Buffer, src: string, dst: string): Buffer => buildEthernet({ dst: '33:33:00:00:00:01', src: '02:00:00:00:00:01',
    ethType: ETH_TYPE_IPV6, payload: buildIpv6({ src, dst, nextHeader: IPPROTO_ICMPV6, hopLimit: 255, payload: icmp }) });

  it('parses a router advertisement: options after the 16-byte fixed part', () => {
    const body = Buffer.alloc(12 + 8 + 32);
    body[0] = 64; // cur hop limit
    body.writeUInt16BE(1800, 2); // router lifetime
    body.set([1, 1, 2, 0, 0, 0, 0, 1], 12); // source link-layer address option
    body.set([3, 4, 64, 0xc0], 20); // prefix information option (32 bytes), rest zero
    const frame = frameOf(buildIcmpv6({ src: 'fe80::1', dst: 'ff02::1', type: 134, body }), 'fe80::1', 'ff02::1');
    const p = parsePacket(frame);
    expect(p.error).toBeUndefined();
    expect(p.icmpv6?.nd?.sourceLinkAddr).toBe('02:00:00:00:00:01');
    expect(p.icmpv6?.nd?.options.map((o) => [o.type, o.length])).toEqual([[1, 8], [3, 32]]);
    expect(p.icmpv6?.nd?.target).toBeUndefined();
    expect(verifyChecksums(frame)).toEqual({ ok: true, icmpv6: true });
  });

  it('parses a redirect target and notes a truncated one', () => {
    const body = Buffer.alloc(36);
    Buffer.from('20010db8000000000000000000000001', 'hex').copy(body, 4);
    const frame = frameOf(buildIcmpv6({ src: 'fe80::1', dst: 'fe80::2', type: 137, body }), 'fe80::1', 'fe80::2');
    expect(parsePacket(frame).icmpv6?.nd?.target).toBe('2001:db8::1');
    const short = frameOf(buildIcmpv6({ src: 'fe80::1', dst: 'fe80::2', type: 137, body: body.subarray(0, 20) }), 'fe80::1', 'fe80::2');
    const p = parsePacket(short);
    expect(p.error).toBe('icmpv6: type 137 message truncated');
    expect(p.truncated).toBe(true);
  });

  it('notes an ND option that runs past the message', () => {
    const frame = Buffer.from(V6_NA);
    frame[frame.length - 7] = 2; // option claims 16 bytes, 8 are there
    const p = parsePacket(frame);
    expect(p.error).toBe('icmpv6: nd option truncated');
    expect(p.truncated).toBe(true);
  });
});
