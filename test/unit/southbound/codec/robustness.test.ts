// Every damaged variant of every sample message must decode or fail with OfDecodeError:
// never a RangeError/TypeError, never an endless loop.
import { OfDecodeError, decodeMessage, encodeMessage, encodedLength } from '../../../../southbound/codec';
import { sampleMessages } from './samples';

function decodeOrDecodeError(frame: Buffer): 'ok' | OfDecodeError {
  try {
    const msg = decodeMessage(frame);
    // Whatever decodes must re-encode to the same size: a structure read past the frame
    // (where a typed array silently yields undefined) would make the re-encoding longer.
    // HELLO is exempt: its tolerated forms (foreign version, missing last padding) differ.
    if (msg.type !== 'HELLO') expect(encodedLength(msg)).toBe(frame.length);
    return 'ok';
  } catch (err) {
    // The last-resort conversion in decodeMessage must never be what caught it: every
    // bound is meant to be checked explicitly.
    if (err instanceof OfDecodeError && !err.message.startsWith('internal decode error')) return err;
    throw err;
  }
}

/** Deterministic PRNG (mulberry32) so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The (type, code) pairs meaning "bad length": BAD_REQUEST/BAD_LEN, BAD_ACTION/BAD_LEN,
 * BAD_ACTION/BAD_SET_LEN, BAD_INSTRUCTION/BAD_LEN, BAD_MATCH/BAD_LEN, TABLE_FEATURES_FAILED/BAD_LEN. */
const LENGTH_ERRORS: Array<[number, number]> = [[1, 6], [2, 1], [2, 14], [3, 7], [4, 1], [13, 3]];

describe('damaged input never escapes as anything but OfDecodeError', () => {
  it.each(sampleMessages.map((m) => [`${m.type} xid=${m.xid}`, encodeMessage(m)] as const))(
    '%s cut at every length (header untouched) is BAD_LENGTH with OFPBRC_BAD_LEN', (_n, bytes) => {
      const xid = bytes.readUInt32BE(4);
      for (let n = 0; n < bytes.length; n++) {
        const result = decodeOrDecodeError(bytes.subarray(0, n));
        if (n < 8) expect(result).toMatchObject({ code: 'TRUNCATED', ofErrorType: 1, ofErrorCode: 6 });
        else expect(result).toMatchObject({ code: 'BAD_LENGTH', ofErrorType: 1, ofErrorCode: 6, xid });
      }
    });

  it.each(sampleMessages.map((m) => [`${m.type} xid=${m.xid}`, encodeMessage(m)] as const))(
    '%s truncated at every length with the header length patched: a length error or a shorter valid message', (_n, bytes) => {
      for (let n = 8; n < bytes.length; n++) {
        const cut = Buffer.from(bytes.subarray(0, n));
        cut.writeUInt16BE(n, 2);
        const result = decodeOrDecodeError(cut);
        if (result === 'ok') {
          // Only list-shaped or opaque tails can legally end early.
          continue;
        }
        expect(LENGTH_ERRORS).toContainEqual([result.ofErrorType, result.ofErrorCode]);
      }
    });

  it.each(sampleMessages.map((m) => [`${m.type} xid=${m.xid}`, encodeMessage(m)] as const))(
    '%s with every byte replaced by 0x00, 0x01, 0xff or 0x07', (_n, bytes) => {
      for (let i = 8; i < bytes.length; i++) {
        for (const v of [0x00, 0x01, 0xff, 0x07]) {
          const copy = Buffer.from(bytes);
          copy[i] = v;
          decodeOrDecodeError(copy);
        }
      }
    });

  it('survives 20000 random multi-byte mutations of the samples', () => {
    const next = rng(0x5eed);
    const frames = sampleMessages.map((m) => encodeMessage(m));
    let errors = 0;
    for (let i = 0; i < 20000; i++) {
      const copy = Buffer.from(frames[Math.floor(next() * frames.length)]);
      const flips = 1 + Math.floor(next() * 4);
      for (let f = 0; f < flips; f++) copy[8 + Math.floor(next() * (copy.length - 8))] = Math.floor(next() * 256);
      if (copy.length === 8) continue;
      if (decodeOrDecodeError(copy) !== 'ok') errors++;
    }
    expect(errors).toBeGreaterThan(0);
  });

  it('even a non-Buffer argument (a caller bug) yields OfDecodeError', () => {
    expect(() => decodeMessage(undefined as unknown as Buffer)).toThrow(OfDecodeError);
    expect(() => decodeMessage({ length: 20 } as unknown as Buffer)).toThrow(OfDecodeError);
  });

  it('reports the xid of the message that failed', () => {
    const bytes = Buffer.from('040e0010000004d2' + '0000000000000000', 'hex');
    expect(() => decodeMessage(bytes)).toThrow(expect.objectContaining({ code: 'BAD_LENGTH', xid: 1234 }));
  });
});
