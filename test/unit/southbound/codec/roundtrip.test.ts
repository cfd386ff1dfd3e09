import { OfEncodeError, decodeMessage, encodeMessage, encodeMessageInto, encodedLength, type OfMessage } from '../../../../southbound/codec';
import { sampleMessages } from './samples';

function label(m: OfMessage): string {
  return 'mpType' in m ? `${m.type} ${m.mpType} xid=${m.xid}` : `${m.type} xid=${m.xid}`;
}

describe('encode -> decode -> encode', () => {
  it.each(sampleMessages.map((m) => [label(m), m] as const))('%s round-trips', (_name, msg) => {
    const bytes = encodeMessage(msg);
    expect(bytes.length).toBe(encodedLength(msg));
    expect(bytes.readUInt16BE(2)).toBe(bytes.length);
    expect(bytes[0]).toBe(msg.type === 'HELLO' && msg.version !== undefined ? msg.version : 4);
    const decoded = decodeMessage(bytes);
    expect(decoded).toEqual(msg);
    expect(encodeMessage(decoded).equals(bytes)).toBe(true);
  });

  it('writes every byte when encoding into a dirty buffer (padding is zeroed)', () => {
    for (const msg of sampleMessages) {
      const clean = encodeMessage(msg);
      const dirty = Buffer.alloc(clean.length + 20, 0xa5);
      const n = encodeMessageInto(msg, dirty, 7);
      expect(n).toBe(clean.length);
      expect(dirty.subarray(7, 7 + n).equals(clean)).toBe(true);
      expect(dirty[6]).toBe(0xa5);
      expect(dirty[7 + n]).toBe(0xa5);
    }
  });

  it('batches several messages into one buffer', () => {
    const msgs = sampleMessages.slice(0, 10);
    const total = msgs.reduce((n, m) => n + encodedLength(m), 0);
    const buf = Buffer.alloc(total);
    let off = 0;
    for (const m of msgs) off += encodeMessageInto(m, buf, off);
    expect(off).toBe(total);
    off = 0;
    for (const m of msgs) {
      const len = buf.readUInt16BE(off + 2);
      expect(decodeMessage(buf.subarray(off, off + len))).toEqual(m);
      off += len;
    }
  });

  it('refuses to encode past the end of the target buffer', () => {
    expect(() => encodeMessageInto({ type: 'BARRIER_REQUEST', xid: 1 }, Buffer.alloc(10), 4)).toThrow(/does not fit/);
  });

  it('decodes opaque tails as views of the frame, not copies', () => {
    const bytes = encodeMessage(sampleMessages.find((m) => m.type === 'PACKET_IN')!);
    const msg = decodeMessage(bytes);
    if (msg.type !== 'PACKET_IN') throw new Error('expected PACKET_IN');
    expect(msg.data.buffer).toBe(bytes.buffer);
  });

  it('refuses messages above 65535 bytes, unknown types and unknown multipart types with OfEncodeError', () => {
    const big: OfMessage = { type: 'PACKET_OUT', xid: 1, bufferId: 0xffffffff, inPort: 1, actions: [], data: Buffer.alloc(65535 - 24 + 1) };
    expect(() => encodedLength(big)).toThrow(OfEncodeError);
    expect(() => encodeMessage(big)).toThrow(OfEncodeError);
    expect(() => encodeMessageInto(big, Buffer.alloc(70000), 0)).toThrow(OfEncodeError);
    expect(encodedLength({ ...big, data: Buffer.alloc(65535 - 24) })).toBe(65535);
    expect(() => encodeMessage({ type: 'NOPE', xid: 1 } as unknown as OfMessage)).toThrow(OfEncodeError);
    expect(() => encodeMessage({ type: 'MULTIPART_REQUEST', xid: 1, flags: 0, mpType: 'NOPE' } as unknown as OfMessage)).toThrow(OfEncodeError);
  });

  it('writes a HELLO with the version it carries (version negotiation)', () => {
    const bytes = encodeMessage({ type: 'HELLO', xid: 1, version: 1, elements: [] });
    expect(bytes.toString('hex')).toBe('0100000800000001');
  });
});
