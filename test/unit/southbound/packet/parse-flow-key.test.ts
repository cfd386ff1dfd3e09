import {
  ETH_TYPE_IPV6, FlowKey, IPPROTO_FRAGMENT, IPPROTO_HOPOPTS, IPPROTO_TCP, IPPROTO_UDP, TCP_ACK, TCP_RST, TCP_SYN, buildEthernet,
  buildIpv4, buildIpv6, buildIpv6FragmentHeader, buildIpv6OptionsHeader, buildTcp, buildUdp, ipv4FromString, parseFlowKey,
  parsePacket, pushMpls, pushVlan,
} from '../../../../southbound/packet';
import {
  ALL_GOLDEN, ARP_REPLY_FRAME, V4_ICMP_UNREACH, V4_TCP_RST, V4_TCP_SYN, V4_UDP, V6_NA, V6_TCP_SYN, VLAN_MPLS_UDP,
} from './golden-frames';

describe('parseFlowKey', () => {
  const key = new FlowKey();

  it('reads an IPv4 TCP SYN', () => {
    expect(parseFlowKey(V4_TCP_SYN, key)).toBe(true);
    expect(key).toMatchObject({
      ethType: 0x0800, vlanId: -1, ipVersion: 4, ipProto: 6, ipv4Src: 0x7f000001, ipv4Dst: 0x7f000001, srcPort: 59078,
      dstPort: 47123, tcpFlags: TCP_SYN, isFragment: false, icmpType: -1, l3Offset: 14, l4Offset: 34, ipTtl: 64, mplsLabel: -1,
    });
    expect(key.ethSrc).toBe('00:00:00:00:00:00');
  });

  it('resets fields from the previous packet', () => {
    parseFlowKey(V4_TCP_SYN, key);
    expect(parseFlowKey(V4_UDP, key)).toBe(true);
    expect(key.tcpFlags).toBe(0);
    expect(key.ipProto).toBe(IPPROTO_UDP);
    expect([key.srcPort, key.dstPort]).toEqual([46204, 47124]);
    parseFlowKey(V4_TCP_RST, key);
    expect(key.tcpFlags).toBe(TCP_RST | TCP_ACK);
  });

  it('reads VLAN, MPLS and the IPv4 under the label stack, with unsigned addresses', () => {
    expect(parseFlowKey(VLAN_MPLS_UDP, key)).toBe(true);
    expect(key).toMatchObject({
      vlanId: 100, vlanPcp: 5, vlanDepth: 1, ethType: 0x8847, mplsLabel: 1000, mplsDepth: 1, ipVersion: 4, ipProto: 17,
      ipDscp: 0x2e, srcPort: 5000, dstPort: 53, l3Offset: 22, l4Offset: 50,
    });
    expect(key.ipv4Src).toBe(ipv4FromString('192.168.1.10'));
    expect(key.ipv4Dst).toBe(0xc0c80005);
    expect(key.ipv4Dst).toBeGreaterThan(0);
    expect(key.ethDst).toBe('02:00:00:00:00:aa');
    expect(key.ethSrc).toBe('02:00:00:00:00:bb');
  });

  it('keeps the outermost VLAN of a QinQ frame', () => {
    const frame = pushVlan(pushVlan(V4_TCP_SYN, { vid: 20 }), { vid: 10, pcp: 2, tpid: 0x88a8 });
    expect(parseFlowKey(frame, key)).toBe(true);
    expect([key.vlanId, key.vlanPcp, key.vlanDepth, key.dstPort]).toEqual([10, 2, 2, 47123]);
  });

  it('reports the top label of an MPLS stack', () => {
    const frame = pushMpls(pushMpls(V4_TCP_SYN, { label: 16 }), { label: 1048575 });
    expect(parseFlowKey(frame, key)).toBe(true);
    expect([key.mplsLabel, key.mplsDepth, key.dstPort]).toEqual([1048575, 2, 47123]);
  });

  it('reads ICMP type and code', () => {
    expect(parseFlowKey(V4_ICMP_UNREACH, key)).toBe(true);
    expect([key.ipProto, key.icmpType, key.icmpCode, key.srcPort]).toEqual([1, 3, 3, 0]);
  });

  it('reads ARP', () => {
    expect(parseFlowKey(ARP_REPLY_FRAME, key)).toBe(true);
    expect(key).toMatchObject({ ethType: 0x0806, arpOp: 2, arpSpa: ipv4FromString('10.0.0.100'), arpTpa: ipv4FromString('10.0.0.1') });
    expect(key.arpSha).toBe('02:00:00:00:01:00');
    expect(key.ipVersion).toBe(0);
  });

  it('reads IPv6 addresses as RFC 5952 strings, ports and ND type', () => {
    expect(parseFlowKey(V6_TCP_SYN, key)).toBe(true);
    expect(key).toMatchObject({ ipVersion: 6, ipProto: 6, ipv6Src: '::1', ipv6Dst: '::1', srcPort: 36342, dstPort: 47125, tcpFlags: TCP_SYN });
    expect(key.ipv4Src).toBe(0);
    expect(parseFlowKey(V6_NA, key)).toBe(true);
    expect([key.ipProto, key.icmpType, key.ipTtl, key.ipv6Dst]).toEqual([58, 136, 255, 'fe80::2']);
  });

  it('walks IPv6 extension headers and flags fragments', () => {
    const udp = buildUdp({ src: '2001:db8::1', dst: '2001:db8::2', srcPort: 1, dstPort: 2 });
    const chain = Buffer.concat([buildIpv6OptionsHeader(IPPROTO_FRAGMENT), buildIpv6FragmentHeader(IPPROTO_UDP, 0, true, 1), udp]);
    const frame = buildEthernet({ dst: '02:00:00:00:00:01', src: '02:00:00:00:00:02', ethType: ETH_TYPE_IPV6,
      payload: buildIpv6({ src: '2001:db8::1', dst: '2001:db8::2', nextHeader: IPPROTO_HOPOPTS, payload: chain }) });
    expect(parseFlowKey(frame, key)).toBe(true);
    expect([key.ipProto, key.isFragment, key.srcPort, key.dstPort, key.l4Offset]).toEqual([IPPROTO_UDP, true, 1, 2, 14 + 40 + 16]);
  });

  it('gives no ports for a non-first IPv4 fragment', () => {
    const ip = buildIpv4({ src: '10.0.0.1', dst: '10.0.0.2', protocol: IPPROTO_TCP, fragmentOffset: 8, payload: Buffer.alloc(40, 0xff) });
    const frame = buildEthernet({ dst: '02:00:00:00:00:01', src: '02:00:00:00:00:02', ethType: 0x0800, payload: ip });
    expect(parseFlowKey(frame, key)).toBe(true);
    expect([key.isFragment, key.srcPort, key.dstPort, key.tcpFlags, key.l4Offset]).toEqual([true, 0, 0, 0, -1]);
  });

  it('returns false when a needed header is cut short, keeping what it read', () => {
    expect(parseFlowKey(V4_TCP_SYN.subarray(0, 40), key)).toBe(false);
    expect(key.ipv4Src).toBe(0x7f000001);
    expect(key.srcPort).toBe(0);
    expect(parseFlowKey(V4_TCP_SYN.subarray(0, 13), key)).toBe(false);
    expect(key.ethType).toBe(0);
    // Cut inside the TCP options (a 128-byte miss_send_len would do this to big headers) is fine.
    expect(parseFlowKey(V4_TCP_SYN.subarray(0, 60), key)).toBe(true);
    expect(key.dstPort).toBe(47123);
  });

  it('agrees with parsePacket on every golden frame', () => {
    for (const [name, frame] of Object.entries(ALL_GOLDEN)) {
      const p = parsePacket(frame);
      expect([name, parseFlowKey(frame, key)]).toEqual([name, p.error === undefined]);
      const l4 = p.tcp ?? p.udp;
      expect([name, key.srcPort, key.dstPort]).toEqual([name, l4?.srcPort ?? 0, l4?.dstPort ?? 0]);
      expect([name, key.ethSrc, key.ethDst]).toEqual([name, p.eth?.src, p.eth?.dst]);
      expect([name, key.l3Offset, key.l4Offset]).toEqual([name, p.l3Offset, p.l4Offset]);
      if (p.ipv6 !== undefined) expect([name, key.ipv6Src, key.ipProto]).toEqual([name, p.ipv6.src, p.ipv6.protocol]);
    }
  });

  it('agrees with parsePacket on a built TCP packet with random ports and addresses', () => {
    for (let i = 0; i < 200; i++) {
      const rnd = (n: number): number => Math.floor(Math.random() * n);
      const src = `${rnd(256)}.${rnd(256)}.${rnd(256)}.${rnd(256)}`;
      const dst = `${128 + rnd(128)}.${rnd(256)}.${rnd(256)}.${rnd(256)}`;
      const tcp = buildTcp({ src, dst, srcPort: rnd(65536), dstPort: rnd(65536), flags: rnd(0x1000) });
      const frame = buildEthernet({ dst: '02:00:00:00:00:01', src: '02:00:00:00:00:02', ethType: 0x0800,
        payload: buildIpv4({ src, dst, protocol: IPPROTO_TCP, payload: tcp }) });
      const p = parsePacket(frame);
      parseFlowKey(frame, key);
      expect([key.ipv4Src, key.ipv4Dst]).toEqual([ipv4FromString(src), ipv4FromString(dst)]);
      expect([key.srcPort, key.dstPort, key.tcpFlags]).toEqual([p.tcp?.srcPort, p.tcp?.dstPort, p.tcp?.flags]);
    }
  });
});

describe('FlowKey MAC accessors', () => {
  it('gives 48-bit numbers and the group bit', () => {
    const key = new FlowKey();
    parseFlowKey(pushVlan(VLAN_MPLS_UDP, { vid: 1 }), key);
    expect(key.ethDstNumber).toBe(0x0200000000aa);
    expect(key.ethSrcNumber).toBe(0x0200000000bb);
    expect(key.ethDstIsGroup).toBe(false);
    const bcast = Buffer.from(V4_UDP);
    bcast.fill(0xff, 0, 6);
    bcast[6] = 0xf1; // a source with the group bit set must not count
    parseFlowKey(bcast, key);
    expect(key.ethDstNumber).toBe(0xffffffffffff);
    expect(key.ethDstIsGroup).toBe(true);
    expect(key.ethSrc).toBe('f1:00:00:00:00:00');
    bcast[0] = 0x33; // IPv6 multicast 33:33:...
    parseFlowKey(bcast, key);
    expect(key.ethDstIsGroup).toBe(true);
    bcast[0] = 0x02;
    parseFlowKey(bcast, key);
    expect(key.ethDstIsGroup).toBe(false);
  });
});

describe('FlowKey.toJSON', () => {
  it('gives readable addresses for logs', () => {
    const key = new FlowKey();
    parseFlowKey(VLAN_MPLS_UDP, key);
    expect(JSON.parse(JSON.stringify(key))).toEqual({
      ethSrc: '02:00:00:00:00:bb', ethDst: '02:00:00:00:00:aa', ethType: 0x8847, vlanId: 100, vlanPcp: 5, vlanDepth: 1,
      mplsLabel: 1000, mplsDepth: 1, ipVersion: 4, ipProto: 17, ipDscp: 0x2e, ipTtl: 63, ipSrc: '192.168.1.10',
      ipDst: '192.200.0.5', srcPort: 5000, dstPort: 53, isFragment: false,
    });
    parseFlowKey(ARP_REPLY_FRAME, key);
    expect(key.toJSON()).toMatchObject({ arpOp: 2, arpSha: '02:00:00:00:01:00', arpSpa: '10.0.0.100', arpTpa: '10.0.0.1' });
    parseFlowKey(V6_NA, key);
    expect(key.toJSON()).toMatchObject({ ipSrc: 'fe80::1', ipDst: 'fe80::2', icmpType: 136, icmpCode: 0 });
  });
});
