// The project's one parser of addresses, prefixes, CIDRs and 5-tuples (southbound/packet,
// re-exported to the upper layers by controller/net.ts).
import {
  canonicalCidr, cidrContains, formatFiveTuple, formatPrefix, ipv4ToString, maskOf, parseCidr, parseFiveTuple, parseIp,
  parseIpv4Address, parsePrefix, prefixContains, prefixesOverlap,
} from '../../../../southbound/packet';

describe('IPv4 addresses', () => {
  it('parses strict dotted quads only', () => {
    expect(parseIpv4Address('10.0.0.1')).toBe(0x0a000001);
    expect(parseIpv4Address('255.255.255.255')).toBe(0xffffffff);
    for (const bad of ['010.0.0.1', '10.0.0', '10.0.0.256', ' 10.0.0.1', '10.0.0.1/32', '']) expect(parseIpv4Address(bad)).toBeUndefined();
    expect(ipv4ToString(0xc0a80001)).toBe('192.168.0.1');
  });
});

describe('IPv4 prefixes', () => {
  it('parses a prefix or a bare address, and formats it back', () => {
    expect(parsePrefix('10.1.0.0/16')).toEqual({ base: 0x0a010000, length: 16 });
    expect(parsePrefix('10.0.0.100')).toEqual({ base: 0x0a000064, length: 32 });
    expect(formatPrefix({ base: 0, length: 0 })).toBe('0.0.0.0/0');
    expect(maskOf(0)).toBe(0);
    expect(maskOf(24)).toBe(0xffffff00);
  });

  it('says why a text is not a prefix: bad address, bad length, host bits', () => {
    expect(parsePrefix('10.0.0.300/8')).toMatch(/invalid IPv4 address/);
    expect(parsePrefix('10.0.0.0/33')).toMatch(/invalid prefix length/);
    expect(parsePrefix('10.0.0.1/24')).toBe('prefix "10.0.0.1/24" has host bits set (network is 10.0.0.0/24)');
  });

  it('tests containment and overlap', () => {
    const p = parsePrefix('192.200.0.0/16') as { base: number; length: number };
    expect(prefixContains(p, parseIpv4Address('192.200.7.1')!)).toBe(true);
    expect(prefixContains(p, parseIpv4Address('192.201.0.1')!)).toBe(false);
    const q = parsePrefix('192.200.3.0/24') as { base: number; length: number };
    const r = parsePrefix('192.201.0.0/24') as { base: number; length: number };
    expect([prefixesOverlap(p, q), prefixesOverlap(q, p), prefixesOverlap(p, r)]).toEqual([true, true, false]);
  });
});

describe('5-tuples', () => {
  it('round-trips the text form the pin mirror stores', () => {
    const t = { proto: 6, srcIp: parseIpv4Address('10.0.0.1')!, srcPort: 40000, dstIp: parseIpv4Address('192.200.0.10')!, dstPort: 80 };
    expect(formatFiveTuple(t)).toBe('6 10.0.0.1:40000 192.200.0.10:80');
    expect(parseFiveTuple('6 10.0.0.1:40000 192.200.0.10:80')).toEqual(t);
  });

  it('refuses a text that is not one', () => {
    for (const bad of ['6 10.0.0.1:40000 192.200.0.10', '300 10.0.0.1:1 10.0.0.2:2', '6 10.0.0.1:70000 10.0.0.2:2', '6 10.0.0.01:1 10.0.0.2:2']) {
      expect(parseFiveTuple(bad)).toBeUndefined();
    }
  });
});

describe('CIDR helpers', () => {
  it('canonicalises IPv4 and IPv6 subnets', () => {
    expect(canonicalCidr('192.200.3.4/16')).toBe('192.200.0.0/16');
    expect(canonicalCidr('10.0.0.1/32')).toBe('10.0.0.1/32');
    expect(canonicalCidr('0.0.0.0/0')).toBe('0.0.0.0/0');
    expect(canonicalCidr('2001:DB8:0:0:1::/32')).toBe('2001:db8::/32');
    expect(canonicalCidr('fe80::1:0:0:1/128')).toBe('fe80::1:0:0:1/128');
    expect(canonicalCidr('1:0:0:2:0:0:0:3/128')).toBe('1:0:0:2::3/128');
  });

  it('rejects non-CIDRs', () => {
    expect(canonicalCidr('192.200.0.0')).toBeUndefined();
    expect(canonicalCidr('192.200.0.0/33')).toBeUndefined();
    expect(canonicalCidr('300.0.0.0/8')).toBeUndefined();
  });

  it('tests containment by family and prefix', () => {
    const c = parseCidr('192.200.0.0/16')!;
    expect(cidrContains(c, 4, parseIp('192.200.255.1')!.value)).toBe(true);
    expect(cidrContains(c, 4, parseIp('192.201.0.1')!.value)).toBe(false);
    expect(cidrContains(c, 6, parseIp('::c0c8:1')!.value)).toBe(false);
    const six = parseCidr('2001:db8::/32')!;
    expect(cidrContains(six, 6, parseIp('2001:db8:ffff::1')!.value)).toBe(true);
    expect(parseIp('::ffff:1.2.3.4')!.value).toBe(0xffff01020304n);
  });
});
