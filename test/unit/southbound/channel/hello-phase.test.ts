import { encodeMessage } from '../../../../southbound/codec';
import { examineFirstFrame } from '../../../../southbound/channel/hello-phase';

function hello(version: number, bitmaps?: number[]): Buffer {
  const frame = encodeMessage({ type: 'HELLO', xid: 9, elements: bitmaps === undefined ? [] : [{ type: 'VERSIONBITMAP', bitmaps }] });
  frame.writeUInt8(version, 0);
  return frame;
}

describe('examineFirstFrame', () => {
  it('negotiates from a bitmap or from the header version', () => {
    expect(examineFirstFrame(hello(4, [0x10]))).toEqual({ kind: 'negotiated', viaBitmap: true });
    expect(examineFirstFrame(hello(6))).toEqual({ kind: 'negotiated', viaBitmap: false });
  });

  it('fails an incompatible HELLO with its xid', () => {
    expect(examineFirstFrame(hello(1))).toMatchObject({ kind: 'hello-failed', xid: 9 });
    expect(examineFirstFrame(hello(6, [0x40]))).toMatchObject({ kind: 'hello-failed', xid: 9 });
  });

  it('fails any other first message, and reads a peer ERROR of any version', () => {
    expect(examineFirstFrame(Buffer.from([4, 20, 0, 8, 0, 0, 0, 2]))).toMatchObject({ kind: 'hello-failed', xid: 2, reason: 'expected HELLO, got message type 20' });
    expect(examineFirstFrame(Buffer.from([2, 1, 0, 12, 0, 0, 0, 2, 0, 0, 0, 1]))).toEqual({ kind: 'peer-error', errType: 0, errCode: 1 });
  });

  it('reports a malformed HELLO for a decode-error answer', () => {
    const bad = Buffer.from([4, 0, 0, 12, 0, 0, 0, 1, 0, 1, 0, 2]); // element length 2 < 4
    expect(examineFirstFrame(bad).kind).toBe('malformed');
  });
});
