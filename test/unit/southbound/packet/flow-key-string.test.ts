import {
  FlowKey, flowKeyString, flowKeyStringV4, flowKeyStringV6, ipv4FromString, parseFlowKey, parseFlowKeyString,
} from '../../../../southbound/packet';
import { ARP_REPLY_FRAME, V4_TCP_SYN, V6_TCP_SYN } from './golden-frames';

describe('flowKeyString', () => {
  it('is 26 fixed-width hex digits for IPv4: proto, src, dst, ports', () => {
    const key = new FlowKey();
    parseFlowKey(V4_TCP_SYN, key);
    expect(flowKeyString(key)).toBe('06' + '7f000001' + '7f000001' + 'e6c6' + 'b813');
    expect(flowKeyStringV4(17, 0xffffffff, 0, 65535, 0)).toBe('11ffffffff00000000ffff0000');
  });

  it('distinguishes direction and protocol', () => {
    const a = flowKeyStringV4(6, ipv4FromString('10.0.0.1'), ipv4FromString('10.0.0.2'), 1000, 80);
    const b = flowKeyStringV4(6, ipv4FromString('10.0.0.2'), ipv4FromString('10.0.0.1'), 80, 1000);
    const c = flowKeyStringV4(17, ipv4FromString('10.0.0.1'), ipv4FromString('10.0.0.2'), 1000, 80);
    expect(new Set([a, b, c]).size).toBe(3);
  });

  it('is 74 hex digits for IPv6 and empty for non-IP', () => {
    const key = new FlowKey();
    parseFlowKey(V6_TCP_SYN, key);
    const one = '00000000000000000000000000000001';
    expect(flowKeyString(key)).toBe('06' + one + one + '8df6' + 'b815');
    expect(flowKeyStringV6(6, '::1', '0:0::1', 36342, 47125)).toBe(flowKeyString(key));
    parseFlowKey(ARP_REPLY_FRAME, key);
    expect(flowKeyString(key)).toBe('');
    expect(key.ipv6Bytes.every((b) => b === 0)).toBe(true); // cleared for the next key
  });

  it('keeps every field at fixed width, maximum values included', () => {
    const k = flowKeyStringV4(255, 0xffffffff, 0x01020304, 0xabcd, 1);
    expect(k).toMatch(/^[0-9a-f]{26}$/);
    expect(k).toBe('ff' + 'ffffffff' + '01020304' + 'abcd' + '0001');
  });

  it('decodes back to the 5-tuple', () => {
    expect(parseFlowKeyString(flowKeyStringV4(6, ipv4FromString('192.0.2.1'), ipv4FromString('192.200.0.9'), 40000, 443))).toEqual({
      ipVersion: 4, protocol: 6, src: '192.0.2.1', dst: '192.200.0.9', srcPort: 40000, dstPort: 443,
    });
    expect(parseFlowKeyString(flowKeyStringV6(17, '2001:DB8:0::1', 'fe80::2', 53, 5353))).toEqual({
      ipVersion: 6, protocol: 17, src: '2001:db8::1', dst: 'fe80::2', srcPort: 53, dstPort: 5353,
    });
  });

  it.each(['', 'zz', '0A'.repeat(13), '0a'.repeat(12), '0a'.repeat(14), 'g'.repeat(26), '6|::1|::1|1|2', '0'.repeat(73)])('rejects %j', (s) => {
    expect(parseFlowKeyString(s)).toBeNull();
  });
});
