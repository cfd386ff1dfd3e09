import {
  ipv4FromString, ipv4ToString, ipv6StringAt, ipv6ToBytes, isIpv6String, macAt, macFromHalves, macToBytes,
  normalizeIpv6, normalizeMac,
} from '../../../../southbound/packet';

describe('MAC addresses', () => {
  it('formats lowercase with colons and parses back', () => {
    const bytes = Buffer.from([0xaa, 0xbb, 0x0c, 0xdd, 0xee, 0x0f]);
    expect(macAt(bytes, 0)).toBe('aa:bb:0c:dd:ee:0f');
    expect(macToBytes('AA:BB:0C:DD:EE:0F')).toEqual(bytes);
    expect(normalizeMac('aa-bb-0c-dd-ee-0f')).toBe('aa:bb:0c:dd:ee:0f');
  });

  it('formats from 24-bit halves', () => {
    expect(macFromHalves(0x020000, 0x00ab01)).toBe('02:00:00:00:ab:01');
    expect(macFromHalves(0xffffff, 0xffffff)).toBe('ff:ff:ff:ff:ff:ff');
  });

  it.each(['aa:bb:cc:dd:ee', 'aa:bb:cc:dd:ee:ff:00', 'aa:bb-cc:dd:ee:ff', 'gg:bb:cc:dd:ee:ff', ''])(
    'rejects %j', (s) => {
      expect(() => macToBytes(s)).toThrow(RangeError);
    });
});

describe('IPv4 addresses', () => {
  it('round-trips through uint32', () => {
    expect(ipv4FromString('192.200.0.1')).toBe(0xc0c80001);
    expect(ipv4ToString(0xc0c80001)).toBe('192.200.0.1');
    expect(ipv4FromString('255.255.255.255')).toBe(4294967295);
    expect(ipv4ToString(0)).toBe('0.0.0.0');
  });

  it.each(['256.0.0.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.-4', ' 1.2.3.4', 'a.b.c.d'])('rejects %j', (s) => {
    expect(() => ipv4FromString(s)).toThrow(RangeError);
  });
});

describe('IPv6 addresses (RFC 5952)', () => {
  it.each([
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // first of two equal runs (4.2.3)
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // one zero group is not shortened (4.2.2)
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // the longest run wins (4.2.3)
    ['0:0:0:0:0:0:0:0', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['1:0:0:0:0:0:0:0', '1::'],
    ['FE80::ABCD:EF', 'fe80::abcd:ef'],
    ['::ffff:192.0.2.1', '::ffff:192.0.2.1'], // IPv4-mapped keeps its dotted tail (section 5)
    ['::ffff:c000:0201', '::ffff:192.0.2.1'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeIpv6(input)).toBe(expected);
  });

  it('reads from a buffer offset', () => {
    const buf = Buffer.concat([Buffer.from([9, 9]), ipv6ToBytes('2001:db8::10')]);
    expect(ipv6StringAt(buf, 2)).toBe('2001:db8::10');
  });

  it.each(['', ':', ':::', '1::2::3', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '12345::', 'fe80::1%eth0', '1:2:3:4:5:6:7::8', '::1.2.3'])(
    'rejects %j', (s) => {
      expect(isIpv6String(s)).toBe(false);
      expect(() => ipv6ToBytes(s)).toThrow(RangeError);
    });
});
