import { OXM_FIELD_DEFS, type OxmField, type OxmFieldDef, type OxmValue } from '../../../../southbound/codec';
import { decodeMatch, decodeOxm, matchSpan, oxmLength, readMatchSpan, writeMatch, writeOxm } from '../../../../southbound/codec/oxm';
import { hex } from './samples';
import { decodeError } from './decode-error';

/** Widths in bits of the number-valued fields that are narrower than their bytes (spec
 * 7.2.3.7, table 12); the others fill their bytes. Kept here, apart from oxm-fields.ts,
 * so a wrong width in the codec shows up as a failure. */
const NARROW_BITS: Readonly<Record<string, number>> = {
  vlan_vid: 13, vlan_pcp: 3, ip_dscp: 6, ip_ecn: 2, ipv6_flabel: 20, mpls_label: 20, mpls_tc: 3, mpls_bos: 1,
  ipv6_exthdr: 9,
};

function bitsOf(d: OxmFieldDef): number {
  return NARROW_BITS[d.name] ?? 8 * d.size;
}

function sampleValue(d: OxmFieldDef, variant: number): OxmValue {
  switch (d.kind) {
    // Variant 0 is the largest value the field holds, variant 1 a mixed pattern.
    case 'uint': return variant === 0 ? 2 ** bitsOf(d) - 1 : 0x5a & (2 ** bitsOf(d) - 1);
    case 'u64': return variant === 0 ? 0xfedcba9876543210n : 0xffff0000n;
    case 'mac': return variant === 0 ? '0a:0b:0c:0d:0e:0f' : 'ff:ff:ff:00:00:00';
    case 'ipv4': return variant === 0 ? '10.1.2.3' : '255.255.0.0';
    case 'ipv6': return variant === 0 ? '2001:db8::5' : 'ffff:ffff:ffff:ffff::';
  }
}

function encodeOne(f: OxmField): Buffer {
  const buf = Buffer.alloc(oxmLength(f));
  expect(writeOxm(f, buf, 0)).toBe(buf.length);
  return buf;
}

describe('OXM basic fields', () => {
  it('covers all 40 OpenFlow 1.3.5 basic fields with distinct numbers 0..39', () => {
    expect(OXM_FIELD_DEFS.map((d) => d.num)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it('gives every field its width in bits from table 12', () => {
    for (const d of OXM_FIELD_DEFS) expect([d.name, d.bits]).toEqual([d.name, bitsOf(d)]);
  });

  describe.each(OXM_FIELD_DEFS.map((d) => [d.name, d] as const))('%s', (_name, d) => {
    it('unmasked: header, payload size and round trip', () => {
      const f: OxmField = { field: d.name, value: sampleValue(d, 0) };
      const bytes = encodeOne(f);
      expect(bytes.length).toBe(4 + d.size);
      expect(bytes.readUInt32BE(0)).toBe(((0x8000 << 16) | (d.num << 9) | d.size) >>> 0);
      expect(decodeOxm(bytes, 0, bytes.length)).toEqual(f);
    });
    it('masked: HASMASK bit, doubled length and round trip', () => {
      const f: OxmField = { field: d.name, value: sampleValue(d, 0), mask: sampleValue(d, 1) };
      const bytes = encodeOne(f);
      expect(bytes.length).toBe(4 + 2 * d.size);
      expect(bytes.readUInt32BE(0)).toBe(((0x8000 << 16) | (d.num << 9) | 0x100 | (2 * d.size)) >>> 0);
      expect(decodeOxm(bytes, 0, bytes.length)).toEqual(f);
    });
    it('rejects a payload length that does not fit the field with BAD_MATCH/BAD_LEN', () => {
      const bytes = Buffer.concat([encodeOne({ field: d.name, value: sampleValue(d, 0) }), Buffer.alloc(1)]);
      bytes[3] = d.size + 1;
      expect(decodeError(() => decodeOxm(bytes, 0, bytes.length))).toMatchObject({ code: 'BAD_MATCH', ofErrorType: 4, ofErrorCode: 1 });
    });
  });

  it('writes hand-checked bytes for common fields', () => {
    expect(encodeOne({ field: 'in_port', value: 1 }).toString('hex')).toBe('8000000400000001');
    expect(encodeOne({ field: 'eth_type', value: 0x0800 }).toString('hex')).toBe('80000a020800');
    expect(encodeOne({ field: 'ipv4_dst', value: '192.200.0.0', mask: '255.255.0.0' }).toString('hex')).toBe('80001908c0c80000ffff0000');
    expect(encodeOne({ field: 'vlan_vid', value: 0x1000 | 10 }).toString('hex')).toBe('80000c02100a');
    expect(encodeOne({ field: 'mpls_label', value: 0xfffff }).toString('hex')).toBe('80004404000fffff');
    expect(encodeOne({ field: 'mpls_bos', value: 1 }).toString('hex')).toBe('8000480101');
    expect(encodeOne({ field: 'tunnel_id', value: 0x10n }).toString('hex')).toBe('80004c080000000000000010');
    expect(encodeOne({ field: 'pbb_isid', value: 0xabcdef }).toString('hex')).toBe('80004a03abcdef');
  });

  it('refuses values of the wrong kind when encoding', () => {
    expect(() => encodeOne({ field: 'in_port', value: '1' })).toThrow(/needs a number/);
    expect(() => encodeOne({ field: 'metadata', value: 'x' })).toThrow(/needs a bigint/);
    expect(() => encodeOne({ field: 'eth_dst', value: 5 })).toThrow(/address string/);
  });
});

describe('raw OXM TLVs', () => {
  it.each([
    ['NXM_1 class (Nicira reg0)', '00010004 12345678', 0x0001, 0, false],
    ['experimenter class with experimenter id', 'ffff0c08 00002320 00000001', 0xffff, 6, false],
    ['unknown basic field number 41, masked', '80005302 ab cd', 0x8000, 41, true],
    ['zero-length payload', '00000000', 0, 0, false],
  ])('%s round-trips as raw bytes', (_name, bytesHex, oxmClass, oxmField, hasMask) => {
    const bytes = hex(bytesHex);
    const f = decodeOxm(bytes, 0, bytes.length);
    expect(f).toEqual({ field: 'raw', oxmClass, oxmField, hasMask, raw: bytes });
    expect(encodeOne(f).equals(bytes)).toBe(true);
  });
});

describe('ofp_match', () => {
  const match: OxmField[] = [
    { field: 'in_port', value: 7 },
    { field: 'eth_dst', value: '01:00:5e:00:00:00', mask: 'ff:ff:ff:80:00:00' },
    { field: 'raw', oxmClass: 1, oxmField: 2, hasMask: false, raw: hex('00010402 0102') },
  ];

  it('pads to 8 bytes, keeps the unpadded length in the header and keeps order', () => {
    const span = matchSpan(match);
    const buf = Buffer.alloc(span, 0xaa);
    expect(writeMatch(match, buf, 0)).toBe(span);
    const length = 4 + 8 + 16 + 6;
    expect(buf.readUInt16BE(0)).toBe(1);
    expect(buf.readUInt16BE(2)).toBe(length);
    expect(span).toBe(40);
    expect(buf.subarray(length).equals(Buffer.alloc(span - length))).toBe(true);
    expect(readMatchSpan(buf, 0, span)).toBe(span);
    expect(decodeMatch(buf, 0)).toEqual(match);
  });

  it('an empty match is 8 bytes: type, length 4, 4 pad bytes', () => {
    const buf = Buffer.alloc(8, 0xff);
    writeMatch([], buf, 0);
    expect(buf.toString('hex')).toBe('0001000400000000');
    expect(decodeMatch(buf, 0)).toEqual([]);
  });

  it.each([
    ['type OFPMT_STANDARD', '0000000400000000', 8, 0],
    ['length below 4', '0001000200000000', 8, 1],
    ['padded length past the parent', '0001000c8000000400000001', 12, 1],
    ['header cut by the parent', '000100', 3, 1],
    ['OXM longer than its match', '0001000a 80000004 0000 000000', 12, 1],
    ['OXM header cut by the match length', '00010006 8000 0000', 8, 1],
  ])('rejects %s with BAD_MATCH', (_name, bytesHex, end, ofCode) => {
    const buf = hex(bytesHex);
    const err = decodeError(() => {
      readMatchSpan(buf, 0, end);
      return decodeMatch(buf, 0);
    });
    expect(err).toMatchObject({ code: 'BAD_MATCH', ofErrorType: 4, ofErrorCode: ofCode });
  });
});
