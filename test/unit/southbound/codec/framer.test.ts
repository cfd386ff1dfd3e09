import { OfDecodeError, OfFramer, encodeMessage, readHeader, decodeMessage } from '../../../../southbound/codec';
import { sampleMessages } from './samples';

const stream = Buffer.concat(sampleMessages.map((m) => encodeMessage(m)));

function drain(framer: OfFramer): Buffer[] {
  const out: Buffer[] = [];
  for (let f = framer.next(); f !== null; f = framer.next()) out.push(f);
  return out;
}

describe('readHeader', () => {
  it('reads version, type, length and xid', () => {
    expect(readHeader(Buffer.from('040a00200000beef', 'hex'))).toEqual({ version: 4, type: 10, length: 32, xid: 0xbeef });
  });
  it('reads at an offset and returns null when fewer than 8 bytes remain', () => {
    const b = Buffer.from('ff04140008fffffffe', 'hex');
    expect(readHeader(b, 1)).toEqual({ version: 4, type: 20, length: 8, xid: 0xfffffffe });
    expect(readHeader(b, 2)).toBeNull();
    expect(readHeader(Buffer.alloc(7))).toBeNull();
  });
});

describe('OfFramer', () => {
  it('splits one chunk holding many messages into views of that chunk', () => {
    const framer = new OfFramer();
    framer.push(stream);
    const frames = drain(framer);
    expect(frames).toHaveLength(sampleMessages.length);
    frames.forEach((f, i) => {
      expect(f.buffer).toBe(stream.buffer);
      expect(decodeMessage(f)).toEqual(sampleMessages[i]);
    });
    expect(framer.bufferedBytes).toBe(0);
  });

  it.each([1, 3, 7, 8, 13, 64, 1000])('reassembles frames pushed in %i-byte chunks', (size) => {
    const framer = new OfFramer();
    const frames: Buffer[] = [];
    for (let i = 0; i < stream.length; i += size) {
      framer.push(stream.subarray(i, i + size));
      frames.push(...drain(framer));
    }
    expect(Buffer.concat(frames).equals(stream)).toBe(true);
    expect(frames).toHaveLength(sampleMessages.length);
    expect(framer.bufferedBytes).toBe(0);
  });

  it('returns null while a frame is incomplete and counts buffered bytes', () => {
    const framer = new OfFramer();
    framer.push(Buffer.from('0400', 'hex'));
    expect(framer.next()).toBeNull();
    framer.push(Buffer.from('000c00000001aabb', 'hex'));
    expect(framer.bufferedBytes).toBe(10);
    expect(framer.next()).toBeNull();
    framer.push(Buffer.from('ccdd04', 'hex'));
    expect(framer.next()?.toString('hex')).toBe('0400000c00000001aabbccdd');
    expect(framer.bufferedBytes).toBe(1);
    framer.push(Buffer.alloc(0));
    expect(framer.next()).toBeNull();
  });

  it('throws BAD_LENGTH for a length below 8, and stays failed', () => {
    const framer = new OfFramer();
    framer.push(Buffer.from('0402000400000007', 'hex'));
    const err = (() => { try { framer.next(); } catch (e) { return e; } return null; })();
    expect(err).toBeInstanceOf(OfDecodeError);
    expect(err).toMatchObject({ code: 'BAD_LENGTH', ofErrorType: 1, ofErrorCode: 6, xid: 7 });
    framer.push(encodeMessage({ type: 'BARRIER_REQUEST', xid: 1 }));
    expect(() => framer.next()).toThrow(OfDecodeError);
  });

  it('throws TOO_LONG for a length above the configured maximum', () => {
    const framer = new OfFramer(100);
    framer.push(Buffer.from('0402006500000001', 'hex'));
    expect(() => framer.next()).toThrow(expect.objectContaining({ code: 'TOO_LONG', ofErrorType: 1, ofErrorCode: 6 }));
  });

  it('accepts a message of exactly the maximum length', () => {
    const framer = new OfFramer(16);
    framer.push(Buffer.from('04020010000000010102030405060708', 'hex'));
    expect(framer.next()?.length).toBe(16);
  });
});

describe('OfFramer.peek', () => {
  it('copies up to max buffered bytes from the read position, across chunks, without consuming them', () => {
    const f = new OfFramer();
    f.push(Buffer.from('0400000800000001', 'hex')); // a whole HELLO
    f.push(Buffer.from('0401', 'hex'));
    f.push(Buffer.from('0001ffff0000', 'hex'));
    expect(f.next()?.length).toBe(8);
    expect(f.peek(64).toString('hex')).toBe('04010001ffff0000');
    expect(f.peek(3).toString('hex')).toBe('040100');
    expect(f.bufferedBytes).toBe(8);
    expect(() => f.next()).toThrow(/below the 8-byte header/);
  });
});
