import { OfEncodeError, formatIpv4, formatIpv6, formatMac, writeIpv4, writeIpv6, writeMac } from '../../../../southbound/codec';

const v6 = (text: string): Buffer => {
  const b = Buffer.alloc(16, 0xee);
  writeIpv6(text, b, 0);
  return b;
};

describe('MAC addresses', () => {
  it('formats lowercase colon-separated and parses back', () => {
    const b = Buffer.from('00aB0c1D2eFf', 'hex');
    expect(formatMac(b, 0)).toBe('00:ab:0c:1d:2e:ff');
    const out = Buffer.alloc(8);
    writeMac('00:AB:0c:1d:2e:ff', out, 1);
    expect(out.toString('hex')).toBe('0000ab0c1d2eff00');
    writeMac('01-02-03-04-05-06', out, 0);
    expect(out.subarray(0, 6).toString('hex')).toBe('010203040506');
  });
  it.each(['', '00:11:22:33:44', '00:11:22:33:44:5g', '00:11:22:33:44:555', '0011:22:33:44:55'])('rejects %j', (text) => {
    expect(() => writeMac(text, Buffer.alloc(6), 0)).toThrow(OfEncodeError);
  });
});

describe('IPv4 addresses', () => {
  it('formats and parses dotted quads', () => {
    expect(formatIpv4(Buffer.from([10, 0, 255, 1]), 0)).toBe('10.0.255.1');
    const out = Buffer.alloc(4);
    writeIpv4('192.200.0.255', out, 0);
    expect([...out]).toEqual([192, 200, 0, 255]);
  });
  it.each(['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1..2.3', '1.2.3.', 'a.b.c.d', '1.2.3.4 ', '1111.2.3.4'])('rejects %j', (text) => {
    expect(() => writeIpv4(text, Buffer.alloc(4), 0)).toThrow(OfEncodeError);
  });
});

describe('IPv6 addresses (RFC 5952 output)', () => {
  it.each([
    ['20010db8000000000000000000000001', '2001:db8::1'],
    ['00000000000000000000000000000000', '::'],
    ['00000000000000000000000000000001', '::1'],
    ['fe800000000000000000000000000000', 'fe80::'],
    ['20010db8000000010000000000000001', '2001:db8:0:1::1'], // longest zero run wins
    ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'], // first of equal runs
    ['20010db8000100010001000100010001', '2001:db8:1:1:1:1:1:1'],
    ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'], // a single zero group stays
    ['00000000000000000000ffff01020304', '::ffff:102:304'],
  ])('%s -> %s', (hexBytes, text) => {
    expect(formatIpv6(Buffer.from(hexBytes, 'hex'), 0)).toBe(text);
    expect(v6(text).toString('hex')).toBe(hexBytes);
  });
  it('parses non-canonical forms too', () => {
    expect(v6('2001:DB8:0:0:0:0:0:1').toString('hex')).toBe('20010db8000000000000000000000001');
    expect(v6('::ffff:1.2.3.4').toString('hex')).toBe('00000000000000000000ffff01020304');
    expect(v6('1:2:3:4:5:6:7::').toString('hex')).toBe('00010002000300040005000600070000');
  });
  it.each(['', ':', '1:2', '1:::2', '1::2::3', '12345::', '1:2:3:4:5:6:7:8:9', 'g::', '1:2:3:4:5:6:7:8::', ':1:2:3:4:5:6:7', '1:2:3:4:5:6:7:'])('rejects %j', (text) => {
    expect(() => writeIpv6(text, Buffer.alloc(16), 0)).toThrow(OfEncodeError);
  });
});
