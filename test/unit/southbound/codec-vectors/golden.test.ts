// Every golden vector, four ways: decodes to the expected object, the expected object
// encodes to the identical bytes, decode+encode round-trips, and the framer delivers it
// whole however the stream is cut (every byte boundary) or packed (all in one chunk).
import { decodeMessage, encodedLength, encodeMessage, encodeMessageInto, OfFramer } from '../../../../southbound/codec';
import type { OfMessage } from '../../../../southbound/codec/types';
import { GoldenVector, loadVectors } from '../../../fixtures/openflow/load-vectors';

const vectors = loadVectors().filter((v): v is GoldenVector & { expected: OfMessage } => v.expected !== undefined);

/** Everything the framer hands out for the given chunks, in order. */
function frameAll(chunks: Buffer[]): Buffer[] {
  const framer = new OfFramer();
  const out: Buffer[] = [];
  for (const c of chunks) {
    framer.push(c);
    for (let f = framer.next(); f !== null; f = framer.next()) out.push(Buffer.from(f));
  }
  return out;
}

describe.each(vectors.map((v) => [v.name, v] as const))('golden vector %s', (_name, v) => {
  it('decodes to the expected message', () => {
    expect(decodeMessage(v.bytes)).toEqual(v.expected);
  });

  it('encodes the expected message to the identical bytes', () => {
    expect(encodeMessage(v.expected).toString('hex')).toBe(v.bytes.toString('hex'));
    expect(encodedLength(v.expected)).toBe(v.bytes.length);
  });

  it('round-trips decode then encode, also into a buffer at an offset', () => {
    const msg = decodeMessage(v.bytes);
    expect(encodeMessage(msg).toString('hex')).toBe(v.bytes.toString('hex'));
    const buf = Buffer.alloc(v.bytes.length + 11, 0xee); // stale bytes must be overwritten
    expect(encodeMessageInto(msg, buf, 5)).toBe(v.bytes.length);
    expect(buf.subarray(5, 5 + v.bytes.length).toString('hex')).toBe(v.bytes.toString('hex'));
    expect(buf[4]).toBe(0xee);
    expect(buf[5 + v.bytes.length]).toBe(0xee);
  });

  it('is framed whole when split at every byte boundary, and decodes from there', () => {
    // The framer must hand back exactly the original bytes for every cut; decoding
    // (deterministic on equal bytes) is re-checked at the cuts that matter most: inside
    // the header, at the first body bytes, in the middle and before the last byte.
    const decodeAt = new Set([1, 2, 3, 4, 7, 8, 9, 12, 16, v.bytes.length >> 1, v.bytes.length - 1]);
    for (let cut = 1; cut < v.bytes.length; cut++) {
      const framer = new OfFramer();
      framer.push(v.bytes.subarray(0, cut));
      expect(framer.next()).toBeNull();
      framer.push(v.bytes.subarray(cut));
      const frame = framer.next();
      if (frame === null || !frame.equals(v.bytes)) throw new Error(`cut at ${cut}: framer gave ${frame?.toString('hex') ?? 'nothing'}`);
      expect(framer.next()).toBeNull();
      if (decodeAt.has(cut)) expect(decodeMessage(frame)).toEqual(v.expected);
    }
  });
});

describe('several messages in one stream', () => {
  const all = Buffer.concat(vectors.map((v) => v.bytes));

  it('frames and decodes every vector from one chunk, in order', () => {
    const frames = frameAll([all]);
    expect(frames.map((f) => f.toString('hex'))).toEqual(vectors.map((v) => v.bytes.toString('hex')));
    frames.forEach((f, i) => expect(decodeMessage(f)).toEqual(vectors[i]?.expected));
  });

  it.each([1, 3, 7, 8, 13, 64, 1000])('frames every vector from %i-byte chunks', (size) => {
    const chunks: Buffer[] = [];
    for (let o = 0; o < all.length; o += size) chunks.push(all.subarray(o, o + size));
    expect(frameAll(chunks).map((f) => f.toString('hex'))).toEqual(vectors.map((v) => v.bytes.toString('hex')));
  });

  it('keeps messages whole when a chunk ends inside the next header', () => {
    const a = vectors[0]?.bytes as Buffer;
    const b = vectors[1]?.bytes as Buffer;
    const joined = Buffer.concat([a, b]);
    const frames = frameAll([joined.subarray(0, a.length + 3), joined.subarray(a.length + 3)]);
    expect(frames.map((f) => f.toString('hex'))).toEqual([a.toString('hex'), b.toString('hex')]);
  });
});
