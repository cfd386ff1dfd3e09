import {
  ETH_TYPE_ARP, ETH_TYPE_IPV4, ETH_TYPE_IPV6, ETH_TYPE_MPLS, buildEthernet, parsePacket, popMpls, popVlan, pushMpls, pushVlan,
} from '../../../../southbound/packet';
import { V4_UDP, V6_UDP, VLAN_MPLS_UDP } from './golden-frames';

describe('buildEthernet', () => {
  it('writes addresses, tags and type', () => {
    const frame = buildEthernet({
      dst: 'ff:ff:ff:ff:ff:ff', src: '02:AA:bb:cc:dd:ee', ethType: ETH_TYPE_ARP, payload: Buffer.from([1, 2]),
      vlans: [{ vid: 10, pcp: 1, dei: 1, tpid: 0x88a8 }, { vid: 4095 }],
    });
    expect(frame.toString('hex')).toBe('ffffffffffff' + '02aabbccddee' + '88a8300a' + '81000fff' + '0806' + '0102');
  });

  it('pads to 60 bytes on request', () => {
    const frame = buildEthernet({ dst: 'ff:ff:ff:ff:ff:ff', src: '02:00:00:00:00:01', ethType: 0x88b5, pad: true });
    expect(frame.length).toBe(60);
    expect(frame.subarray(14).every((b) => b === 0)).toBe(true);
  });

  it('rejects bad tags and types', () => {
    expect(() => buildEthernet({ dst: 'ff:ff:ff:ff:ff:ff', src: 'ff:ff:ff:ff:ff:ff', ethType: 0x10000 })).toThrow(RangeError);
    expect(() => buildEthernet({ dst: 'ff:ff:ff:ff:ff:ff', src: 'ff:ff:ff:ff:ff:ff', ethType: 1, vlans: [{ vid: 4096 }] })).toThrow(RangeError);
    expect(() => buildEthernet({ dst: 'ff:ff:ff:ff:ff:ff', src: 'ff:ff:ff:ff:ff:ff', ethType: 1, vlans: [{ vid: 1, pcp: 8 }] })).toThrow(RangeError);
  });
});

describe('VLAN push/pop', () => {
  it('pushes the new tag outermost and pops it back', () => {
    const one = pushVlan(V4_UDP, { vid: 20, pcp: 7 });
    const two = pushVlan(one, { vid: 10, tpid: 0x88a8 });
    expect(parsePacket(two).vlans.map((v) => [v.tpid, v.vid, v.pcp])).toEqual([[0x88a8, 10, 0], [0x8100, 20, 7]]);
    expect(parsePacket(two).udp?.dstPort).toBe(47124);
    expect(popVlan(two)).toEqual(one);
    expect(popVlan(popVlan(two))).toEqual(V4_UDP);
  });

  it('refuses to pop from an untagged frame', () => {
    expect(() => popVlan(V4_UDP)).toThrow(RangeError);
  });
});

describe('MPLS push/pop', () => {
  it('pushes after the VLAN tags, takes the IP TTL and sets bottom of stack', () => {
    const tagged = pushVlan(V4_UDP, { vid: 5 });
    const labelled = pushMpls(tagged, { label: 0xabcde, tc: 5 });
    const p = parsePacket(labelled);
    expect(p.vlans.map((v) => v.vid)).toEqual([5]);
    expect(p.ethType).toBe(ETH_TYPE_MPLS);
    expect(p.mpls).toEqual([{ label: 0xabcde, tc: 5, bos: true, ttl: 64 }]);
    expect(p.udp?.dstPort).toBe(47124);
    expect(popMpls(labelled)).toEqual(tagged);
  });

  it('stacks labels: the new top copies the TTL below and clears bottom of stack', () => {
    const inner = pushMpls(V6_UDP, { label: 100, ttl: 17 });
    const outer = pushMpls(inner, { label: 200 });
    expect(parsePacket(outer).mpls).toEqual([
      { label: 200, tc: 0, bos: false, ttl: 17 },
      { label: 100, tc: 0, bos: true, ttl: 17 },
    ]);
    const popped = popMpls(outer);
    expect(popped).toEqual(inner);
    expect(popMpls(popped)).toEqual(V6_UDP);
    expect(popMpls(popped).readUInt16BE(12)).toBe(ETH_TYPE_IPV6);
  });

  it('pops the golden frame back to VLAN + IPv4', () => {
    const popped = popMpls(VLAN_MPLS_UDP, ETH_TYPE_IPV4);
    const p = parsePacket(popped);
    expect(p.mpls).toEqual([]);
    expect(p.vlans[0].vid).toBe(100);
    expect(p.ethType).toBe(ETH_TYPE_IPV4);
    expect(p.udp?.srcPort).toBe(5000);
  });

  it('needs the EtherType for a non-IP payload and refuses frames without MPLS', () => {
    const frame = Buffer.from('0200000000aa0200000000bb8847' + '00001140' + '0200000000cc', 'hex');
    expect(() => popMpls(frame)).toThrow(RangeError);
    expect(popMpls(frame, 0x6558).toString('hex')).toBe('0200000000aa0200000000bb6558' + '0200000000cc');
    expect(() => popMpls(V4_UDP)).toThrow(RangeError);
    expect(() => pushMpls(V4_UDP, { label: 1 << 20 })).toThrow(RangeError);
  });
});

describe('rewrites reject frames too short to hold the header they edit', () => {
  it.each([
    ['pushVlan', () => pushVlan(Buffer.alloc(13), { vid: 1 })],
    ['pushMpls', () => pushMpls(Buffer.alloc(13), { label: 1 })],
    ['pushMpls under a cut tag', () => pushMpls(Buffer.from('ffffffffffff0000000000018100', 'hex'), { label: 1 })],
    ['popVlan', () => popVlan(Buffer.from('ffffffffffff0000000000018100', 'hex'))],
    ['popMpls with a cut label', () => popMpls(Buffer.from('ffffffffffff00000000000188470000', 'hex'))],
  ])('%s', (_name, fn) => {
    expect(fn).toThrow(RangeError);
  });
});
