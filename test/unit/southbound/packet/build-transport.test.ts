import {
  ETH_TYPE_IPV4, ETH_TYPE_IPV6, IPPROTO_TCP, IPPROTO_UDP, TCP_ACK, TCP_RST, TCP_SYN, buildEthernet, buildIpv4, buildIpv6,
  buildTcp, buildUdp, parsePacket, verifyChecksums,
} from '../../../../southbound/packet';
import { V4_TCP_RST, V4_TCP_SYN, V4_UDP, V6_TCP_SYN, V6_UDP } from './golden-frames';

const ZERO = '00:00:00:00:00:00';
const SYN_OPTIONS = Buffer.from('0204ffd70402080ae6a340990000000001030309', 'hex');

describe('TCP/UDP over IPv4 builders reproduce captured frames byte for byte', () => {
  it('TCP SYN with options', () => {
    const tcp = buildTcp({
      src: '127.0.0.1', dst: '127.0.0.1', srcPort: 59078, dstPort: 47123, seq: 783931139, flags: TCP_SYN, window: 43690,
      options: SYN_OPTIONS,
    });
    const ip = buildIpv4({ src: '127.0.0.1', dst: '127.0.0.1', protocol: IPPROTO_TCP, id: 49291, dontFragment: true, payload: tcp });
    const frame = buildEthernet({ dst: ZERO, src: ZERO, ethType: ETH_TYPE_IPV4, payload: ip });
    expect(frame.toString('hex')).toBe(V4_TCP_SYN.toString('hex'));
  });

  it('TCP RST/ACK', () => {
    const tcp = buildTcp({
      src: '127.0.0.1', dst: '127.0.0.1', srcPort: 47123, dstPort: 59078, ack: 783931140, flags: TCP_RST | TCP_ACK, window: 0,
    });
    const ip = buildIpv4({ src: '127.0.0.1', dst: '127.0.0.1', protocol: IPPROTO_TCP, dontFragment: true, payload: tcp });
    expect(buildEthernet({ dst: ZERO, src: ZERO, ethType: ETH_TYPE_IPV4, payload: ip })).toEqual(V4_TCP_RST);
  });

  it('UDP', () => {
    const udp = buildUdp({ src: '127.0.0.1', dst: '127.0.0.1', srcPort: 46204, dstPort: 47124, payload: Buffer.from('hello slr') });
    const ip = buildIpv4({ src: '127.0.0.1', dst: '127.0.0.1', protocol: IPPROTO_UDP, id: 21324, dontFragment: true, payload: udp });
    expect(buildEthernet({ dst: ZERO, src: ZERO, ethType: ETH_TYPE_IPV4, payload: ip })).toEqual(V4_UDP);
  });

  it('UDP over IPv4 may omit the checksum', () => {
    const udp = buildUdp({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1, dstPort: 2, checksum: false });
    expect(udp.readUInt16BE(6)).toBe(0);
  });

  it('sends a computed zero UDP checksum as 0xffff (RFC 768)', () => {
    // Solve for a payload word that makes the one's-complement sum 0xffff, i.e. checksum 0.
    const base = buildUdp({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1, dstPort: 2, payload: Buffer.alloc(2) });
    const word = base.readUInt16BE(6); // with a zero payload word, the checksum itself is the missing amount
    const udp = buildUdp({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1, dstPort: 2, payload: Buffer.from([word >> 8, word & 0xff]) });
    expect(udp.readUInt16BE(6)).toBe(0xffff);
    const frame = buildEthernet({ dst: ZERO, src: ZERO, ethType: ETH_TYPE_IPV4, payload: buildIpv4({ src: '10.0.0.1', dst: '10.0.0.2', protocol: IPPROTO_UDP, payload: udp }) });
    expect(verifyChecksums(frame)).toEqual({ ok: true, ipv4Header: true, udp: true });
  });
});

describe('TCP/UDP over IPv6 builders reproduce captured frames', () => {
  it('TCP SYN', () => {
    const tcp = buildTcp({
      src: '::1', dst: '::1', srcPort: 36342, dstPort: 47125, seq: 2796131621, flags: TCP_SYN, window: 43690,
      options: Buffer.from('0204ffc40402080a483bcc850000000001030309', 'hex'),
    });
    const ip = buildIpv6({ src: '::1', dst: '::1', nextHeader: IPPROTO_TCP, flowLabel: 0x75ced, payload: tcp });
    expect(buildEthernet({ dst: ZERO, src: ZERO, ethType: ETH_TYPE_IPV6, payload: ip })).toEqual(V6_TCP_SYN);
  });

  it('UDP', () => {
    const udp = buildUdp({ src: '::1', dst: '::1', srcPort: 34855, dstPort: 47126, payload: Buffer.from('v6 hello'), checksum: false });
    const ip = buildIpv6({ src: '::1', dst: '::1', nextHeader: IPPROTO_UDP, flowLabel: 0x9631c, payload: udp });
    // checksum:false is ignored over IPv6, where the checksum is mandatory.
    expect(buildEthernet({ dst: ZERO, src: ZERO, ethType: ETH_TYPE_IPV6, payload: ip })).toEqual(V6_UDP);
  });
});

describe('build -> parse round trips', () => {
  it('keeps TCP fields, options padding and payload', () => {
    const tcp = buildTcp({
      src: '192.0.2.1', dst: '192.200.0.9', srcPort: 40000, dstPort: 443, seq: 0xfffffffe, ack: 0x80000001,
      flags: TCP_SYN | TCP_ACK | 0x100, window: 1234, urgentPointer: 7, options: Buffer.from([2, 4, 5, 0xb4, 1]),
      payload: Buffer.from('data!'),
    });
    const ip = buildIpv4({ src: '192.0.2.1', dst: '192.200.0.9', protocol: IPPROTO_TCP, ttl: 3, dscp: 46, ecn: 2, id: 0xbeef, payload: tcp });
    const frame = buildEthernet({ dst: '02:00:00:00:00:01', src: '02:00:00:00:00:02', ethType: ETH_TYPE_IPV4, payload: ip, vlans: [{ vid: 7, pcp: 3 }] });
    const p = parsePacket(frame);
    expect(p.error).toBeUndefined();
    expect(p.vlans).toEqual([{ tpid: 0x8100, pcp: 3, dei: 0, vid: 7 }]);
    expect(p.ipv4).toMatchObject({ ttl: 3, dscp: 46, ecn: 2, id: 0xbeef, src: '192.0.2.1', dst: '192.200.0.9' });
    expect(p.tcp).toMatchObject({
      srcPort: 40000, dstPort: 443, seq: 0xfffffffe, ack: 0x80000001, flags: TCP_SYN | TCP_ACK | 0x100, window: 1234,
      urgentPointer: 7, headerLength: 28,
    });
    expect(p.tcp?.options.toString('hex')).toBe('020405b401000000');
    expect(p.payload.toString()).toBe('data!');
    expect(verifyChecksums(frame)).toEqual({ ok: true, ipv4Header: true, tcp: true });
  });

  it('detects a flipped payload bit through the TCP checksum but not the IP one', () => {
    const frame = Buffer.from(V4_TCP_SYN);
    frame[frame.length - 1] ^= 0x10;
    expect(verifyChecksums(frame)).toEqual({ ok: false, ipv4Header: true, tcp: false });
    const frame2 = Buffer.from(V4_TCP_SYN);
    frame2[22] ^= 1; // TTL
    expect(verifyChecksums(frame2)).toEqual({ ok: false, ipv4Header: false, tcp: true });
  });

  it('rejects impossible values', () => {
    expect(() => buildTcp({ src: '1.1.1.1', dst: '2.2.2.2', srcPort: 70000, dstPort: 1, flags: 0 })).toThrow(RangeError);
    expect(() => buildTcp({ src: '1.1.1.1', dst: '::2', srcPort: 1, dstPort: 1, flags: 0 })).toThrow(RangeError);
    expect(() => buildTcp({ src: '1.1.1.1', dst: '2.2.2.2', srcPort: 1, dstPort: 1, flags: 0, options: Buffer.alloc(41) })).toThrow(RangeError);
    expect(() => buildUdp({ src: '1.1.1.1', dst: '2.2.2.2', srcPort: 1, dstPort: 1, payload: Buffer.alloc(70000) })).toThrow(RangeError);
  });
});
