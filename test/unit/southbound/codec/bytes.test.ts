import { getU16, getU32, getU64, putU16, putU24, putU32, putU64, putU8 } from '../../../../southbound/codec/bytes';

describe('big-endian stores and loads', () => {
  it.each([0n, 1n, 0xffn, 0x0100000000000001n, 0x8000000000000000n, 0xffffffffffffffffn, 0x0123456789abcdefn])('u64 %s', (v) => {
    const b = Buffer.alloc(10, 0xaa);
    putU64(b, 1, v);
    expect(b.readBigUInt64BE(1)).toBe(v);
    expect(getU64(b, 1)).toBe(v);
    expect([b[0], b[9]]).toEqual([0xaa, 0xaa]);
  });
  it('narrow stores write their field width, big-endian, modulo the width', () => {
    const b = Buffer.alloc(12);
    putU8(b, 0, 0x1ff);
    putU16(b, 1, 0xabcd);
    putU24(b, 3, 0x123456);
    putU32(b, 6, 0xfedcba98);
    expect(b.toString('hex')).toBe('ffabcd123456fedcba980000');
    expect(getU16(b, 1)).toBe(0xabcd);
    expect(getU32(b, 6)).toBe(0xfedcba98);
  });
  it('getU64 past the end throws RangeError (caught by the decoder as a last resort)', () => {
    expect(() => getU64(Buffer.alloc(8), 1)).toThrow(RangeError);
    expect(() => getU64(Buffer.alloc(8), -1)).toThrow(RangeError);
  });
});
