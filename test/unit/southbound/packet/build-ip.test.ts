import {
  ETH_TYPE_IPV4, ETH_TYPE_IPV6, IPPROTO_AH, IPPROTO_DSTOPTS, IPPROTO_ESP, IPPROTO_FRAGMENT, IPPROTO_HOPOPTS, IPPROTO_ROUTING,
  IPPROTO_TCP, IPPROTO_UDP, TCP_SYN, buildEthernet, buildIpv4, buildIpv6, buildIpv6FragmentHeader, buildIpv6OptionsHeader,
  buildTcp, buildUdp, parsePacket, verifyChecksums,
} from '../../../../southbound/packet';
import { VLAN_MPLS_UDP } from './golden-frames';

const MAC_A = '02:00:00:00:00:0a';
const MAC_B = '02:00:00:00:00:0b';
const v4Frame = (ip: Buffer): Buffer => buildEthernet({ dst: MAC_A, src: MAC_B, ethType: ETH_TYPE_IPV4, payload: ip });
const v6Frame = (ip: Buffer): Buffer => buildEthernet({ dst: MAC_A, src: MAC_B, ethType: ETH_TYPE_IPV6, payload: ip });

describe('buildIpv4', () => {
  it('reproduces the IPv4 header with options of the golden VLAN/MPLS frame', () => {
    const udp = buildUdp({ src: '192.168.1.10', dst: '192.200.0.5', srcPort: 5000, dstPort: 53, payload: Buffer.from('abc') });
    const ip = buildIpv4({
      src: '192.168.1.10', dst: '192.200.0.5', protocol: IPPROTO_UDP, dscp: 0x2e, id: 0x1234, ttl: 63, dontFragment: true,
      options: Buffer.from([7, 7, 4, 0, 0, 0, 0]), payload: udp,
    });
    expect(ip).toEqual(VLAN_MPLS_UDP.subarray(22));
  });

  it('encodes fragments; later fragments carry no transport header', () => {
    const first = buildIpv4({ src: '10.0.0.1', dst: '10.0.0.2', protocol: IPPROTO_UDP, id: 9, moreFragments: true,
      payload: buildUdp({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 7, dstPort: 8, payload: Buffer.alloc(8) }) });
    const p1 = parsePacket(v4Frame(first));
    expect(p1.ipv4).toMatchObject({ moreFragments: true, fragmentOffset: 0, isFragment: true });
    expect(p1.udp?.srcPort).toBe(7);
    expect(verifyChecksums(v4Frame(first))).toEqual({ ok: true, ipv4Header: true }); // no L4 check on a fragment

    const later = buildIpv4({ src: '10.0.0.1', dst: '10.0.0.2', protocol: IPPROTO_UDP, id: 9, fragmentOffset: 16, payload: Buffer.from('tail') });
    const p2 = parsePacket(v4Frame(later));
    expect(p2.ipv4).toMatchObject({ moreFragments: false, fragmentOffset: 16, isFragment: true });
    expect(p2.udp).toBeUndefined();
    expect(p2.error).toBeUndefined();
    expect(p2.payload.toString()).toBe('tail');
  });

  it('rejects bad offsets, oversize options and bad addresses', () => {
    expect(() => buildIpv4({ src: '1.1.1.1', dst: '2.2.2.2', protocol: 6, fragmentOffset: 12 })).toThrow(RangeError);
    expect(() => buildIpv4({ src: '1.1.1.1', dst: '2.2.2.2', protocol: 6, options: Buffer.alloc(41) })).toThrow(RangeError);
    expect(() => buildIpv4({ src: '1.1.1', dst: '2.2.2.2', protocol: 6 })).toThrow(RangeError);
    expect(() => buildIpv4({ src: '1.1.1.1', dst: '2.2.2.2', protocol: 6, payload: Buffer.alloc(65516) })).toThrow(RangeError);
  });

  it('notes a packet-in cut at miss_send_len as truncated but still gives the headers', () => {
    const tcp = buildTcp({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1000, dstPort: 80, flags: TCP_SYN, payload: Buffer.alloc(500) });
    const full = v4Frame(buildIpv4({ src: '10.0.0.1', dst: '10.0.0.2', protocol: IPPROTO_TCP, payload: tcp }));
    const p = parsePacket(full.subarray(0, 128));
    expect(p.truncated).toBe(true);
    expect(p.error).toBeUndefined();
    expect(p.tcp?.dstPort).toBe(80);
    expect(p.payload.length).toBe(128 - 54);
    expect(verifyChecksums(full.subarray(0, 128))).toEqual({ ok: true, ipv4Header: true });
  });

  it('stops with a note on a header length below 20 or a total length below the header', () => {
    const ip = buildIpv4({ src: '10.0.0.1', dst: '10.0.0.2', protocol: IPPROTO_TCP });
    const badIhl = Buffer.from(ip);
    badIhl[0] = 0x44;
    expect(parsePacket(v4Frame(badIhl)).error).toBe('ipv4: header length 16 < 20');
    const badTotal = Buffer.from(ip);
    badTotal.writeUInt16BE(10, 2);
    expect(parsePacket(v4Frame(badTotal)).error).toBe('ipv4: total length 10 < header length 20');
    const badVersion = Buffer.from(ip);
    badVersion[0] = 0x65;
    expect(parsePacket(v4Frame(badVersion)).error).toBe('ipv4: version 6 != 4');
  });
});

describe('buildIpv6 and the extension header walk', () => {
  const SRC = '2001:db8::1';
  const DST = '2001:db8:0:1::80';

  it('walks hop-by-hop, routing, destination options and AH to TCP', () => {
    const tcp = buildTcp({ src: SRC, dst: DST, srcPort: 5555, dstPort: 80, flags: TCP_SYN });
    const ah = Buffer.alloc(16); // next header, length (16/4 - 2 = 2), reserved, SPI, seq, 4 bytes of ICV
    ah[0] = IPPROTO_TCP;
    ah[1] = 2;
    const chain = Buffer.concat([
      buildIpv6OptionsHeader(IPPROTO_ROUTING),
      buildIpv6OptionsHeader(IPPROTO_DSTOPTS, Buffer.from([4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])),
      buildIpv6OptionsHeader(IPPROTO_AH),
      ah,
      tcp,
    ]);
    const frame = v6Frame(buildIpv6({ src: SRC, dst: DST, nextHeader: IPPROTO_HOPOPTS, payload: chain, hopLimit: 9 }));
    const p = parsePacket(frame);
    expect(p.error).toBeUndefined();
    expect(p.ipv6?.nextHeader).toBe(IPPROTO_HOPOPTS);
    expect(p.ipv6?.protocol).toBe(IPPROTO_TCP);
    expect(p.ipv6?.extensionHeaders.map((h) => [h.type, h.length])).toEqual([
      [IPPROTO_HOPOPTS, 8], [IPPROTO_ROUTING, 16], [IPPROTO_DSTOPTS, 8], [IPPROTO_AH, 16],
    ]);
    expect(p.tcp?.dstPort).toBe(80);
    expect(p.l4Offset).toBe(14 + 40 + 48);
    expect(verifyChecksums(frame)).toEqual({ ok: true, tcp: true });
  });

  it('parses the transport header of a first fragment only', () => {
    const udp = buildUdp({ src: SRC, dst: DST, srcPort: 53, dstPort: 5353, payload: Buffer.from('q') });
    const first = v6Frame(buildIpv6({ src: SRC, dst: DST, nextHeader: IPPROTO_FRAGMENT,
      payload: Buffer.concat([buildIpv6FragmentHeader(IPPROTO_UDP, 0, true, 0xdeadbeef), udp]) }));
    const p1 = parsePacket(first);
    expect(p1.ipv6).toMatchObject({ isFragment: true, protocol: IPPROTO_UDP, fragment: { offset: 0, moreFragments: true, id: 0xdeadbeef } });
    expect(p1.udp?.dstPort).toBe(5353);

    const later = v6Frame(buildIpv6({ src: SRC, dst: DST, nextHeader: IPPROTO_FRAGMENT,
      payload: Buffer.concat([buildIpv6FragmentHeader(IPPROTO_UDP, 1448, false, 7), Buffer.from('rest')]) }));
    const p2 = parsePacket(later);
    expect(p2.ipv6).toMatchObject({ isFragment: true, protocol: IPPROTO_UDP, fragment: { offset: 1448, moreFragments: false, id: 7 } });
    expect(p2.udp).toBeUndefined();
    expect(p2.error).toBeUndefined();
    expect(p2.payload.toString()).toBe('rest');
  });

  it('stops the walk at ESP and keeps the rest as payload', () => {
    const frame = v6Frame(buildIpv6({ src: SRC, dst: DST, nextHeader: IPPROTO_ESP, payload: Buffer.from('0000000100000001', 'hex') }));
    const p = parsePacket(frame);
    expect(p.ipv6?.protocol).toBe(IPPROTO_ESP);
    expect(p.payload.length).toBe(8);
    expect(p.error).toBeUndefined();
  });

  it('notes an extension header that runs past the payload', () => {
    const hbh = buildIpv6OptionsHeader(IPPROTO_TCP);
    hbh[1] = 3; // claims 32 bytes
    const p = parsePacket(v6Frame(buildIpv6({ src: SRC, dst: DST, nextHeader: IPPROTO_HOPOPTS, payload: hbh })));
    expect(p.error).toBe('ipv6: extension header 0 truncated');
    expect(p.truncated).toBe(true);
  });

  it('encodes traffic class, flow label and hop limit', () => {
    const p = parsePacket(v6Frame(buildIpv6({ src: '::', dst: 'ff02::1', nextHeader: 59, trafficClass: 0xb8, flowLabel: 0xfffff, hopLimit: 1 })));
    expect(p.ipv6).toMatchObject({ trafficClass: 0xb8, flowLabel: 0xfffff, hopLimit: 1, payloadLength: 0, src: '::', dst: 'ff02::1' });
    expect(() => buildIpv6({ src: '::', dst: '::', nextHeader: 59, flowLabel: 0x100000 })).toThrow(RangeError);
  });
});
