import * as codec from '../../../../southbound/codec/address';
import {
  ipv4FromString, ipv4StringAt, ipv4ToString, ipv6StringAt, ipv6ToBytes, isIpv6String, macAt, macFromHalves, macToBytes,
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
    // IPv4-mapped: hex like the OpenFlow codec writes it, not the section 5 dotted tail.
    ['::ffff:192.0.2.1', '::ffff:c000:201'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
    ['1:0:0:2:3:0:0:0', '1:0:0:2:3::'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeIpv6(input)).toBe(expected);
  });

  it('formats exhaustive zero patterns like a reference implementation', () => {
    // Every pattern of zero/non-zero groups, checked against a direct transcription of RFC 5952 4.2.
    for (let mask = 0; mask < 256; mask++) {
      const groups = Array.from({ length: 8 }, (_, i) => ((mask >> i) & 1 ? 0xab0 + i : 0));
      const bytes = Buffer.alloc(16);
      groups.forEach((g, i) => bytes.writeUInt16BE(g, 2 * i));
      let best = [-1, 0];
      for (let i = 0; i < 8; i++) {
        let j = i;
        while (j < 8 && groups[j] === 0) j++;
        if (j - i >= 2 && j - i > best[1]) best = [i, j - i];
      }
      const hexes = groups.map((g) => g.toString(16));
      const expected = best[0] < 0
        ? hexes.join(':')
        : hexes.slice(0, best[0]).join(':') + '::' + hexes.slice(best[0] + best[1]).join(':');
      expect(ipv6StringAt(bytes, 0)).toBe(expected);
      expect(ipv6ToBytes(expected)).toEqual(bytes);
    }
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

describe('address text agrees with the OpenFlow codec', () => {
  // The controller compares addresses from packet-ins with those in OXM matches as
  // strings, so both modules must write the same text for the same bytes.
  it('for MAC, IPv4 and IPv6 over random and zero-heavy addresses', () => {
    let seed = 12345;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
    for (let n = 0; n < 2000; n++) {
      const bytes = Buffer.alloc(16);
      for (let i = 0; i < 16; i++) bytes[i] = next() < 128 ? 0 : next(); // half the bytes zero
      if (n === 0) bytes.fill(0);
      if (n === 1) Buffer.from('00000000000000000000ffffc0000201', 'hex').copy(bytes);
      expect(ipv6StringAt(bytes, 0)).toBe(codec.formatIpv6(bytes, 0));
      expect(macAt(bytes, 3)).toBe(codec.formatMac(bytes, 3));
      expect(ipv4StringAt(bytes, 5)).toBe(codec.formatIpv4(bytes, 5));
    }
  });
});
