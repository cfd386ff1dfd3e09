// Every damaged variant of every sample message must decode or fail with OfDecodeError:
// never a RangeError/TypeError, never an endless loop.
import { OfDecodeError, decodeMessage, encodeMessage } from '../../../../southbound/codec';
import { sampleMessages } from './samples';

function decodeOrDecodeError(frame: Buffer): 'ok' | OfDecodeError {
  try {
    decodeMessage(frame);
    return 'ok';
  } catch (err) {
    if (err instanceof OfDecodeError) return err;
    throw err;
  }
}

describe('damaged input never escapes as anything but OfDecodeError', () => {
  it.each(sampleMessages.map((m) => [`${m.type} xid=${m.xid}`, encodeMessage(m)] as const))(
    '%s truncated at every length (header length patched to match)', (_n, bytes) => {
      for (let n = 0; n < bytes.length; n++) {
        const cut = Buffer.from(bytes.subarray(0, n));
        if (n >= 4) cut.writeUInt16BE(n, 2);
        const result = decodeOrDecodeError(cut);
        if (n < 8) expect(result).toMatchObject({ code: 'TRUNCATED' });
        // Some shorter forms are legal (e.g. fewer list entries); the rest must be errors.
        if (result !== 'ok') expect(result.ofErrorType).toBeGreaterThanOrEqual(0);
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

  it('reports the xid of the message that failed', () => {
    const bytes = Buffer.from('040e0010000004d2' + '0000000000000000', 'hex');
    expect(() => decodeMessage(bytes)).toThrow(expect.objectContaining({ code: 'BAD_LENGTH', xid: 1234 }));
  });
});
