import { finishChecksum, internetChecksum, sumWords } from '../../../../southbound/packet';
import { V4_TCP_SYN } from './golden-frames';

describe('internet checksum (RFC 1071)', () => {
  it('matches the worked example of RFC 1071 section 3', () => {
    const bytes = Buffer.from([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]);
    // The RFC's one's-complement sum is 0xddf2; the checksum is its complement.
    expect(internetChecksum(bytes, 0, bytes.length)).toBe(~0xddf2 & 0xffff);
  });

  it('pads an odd trailing byte with zero', () => {
    expect(sumWords(Buffer.from([0x12, 0x34, 0x56]), 0, 3)).toBe(0x1234 + 0x5600);
  });

  it('folds carries more than once when needed', () => {
    // 0x2fffe -> 0xfffe + 2 = 0x10000 -> 0x0001 -> complement 0xfffe
    expect(finishChecksum(0x2fffe)).toBe(0xfffe);
    // 0x1fffd -> 0xfffd + 1 = 0xfffe -> complement 0x0001
    expect(finishChecksum(0x1fffd)).toBe(0x0001);
    expect(finishChecksum(0)).toBe(0xffff);
  });

  it('verifies a captured IPv4 header to zero and recomputes its stored value', () => {
    const header = Buffer.from(V4_TCP_SYN.subarray(14, 34));
    expect(internetChecksum(header, 0, 20)).toBe(0);
    header.writeUInt16BE(0, 10);
    expect(internetChecksum(header, 0, 20)).toBe(0x7c2e);
  });
});
