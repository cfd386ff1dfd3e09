// Malformed messages: each must fail with the exact OfDecodeError code and the
// OpenFlow error type/code (spec 7.4.4) the controller answers with.
import { OfDecodeError, decodeMessage, encodeMessage, type OfMessage } from '../../../../southbound/codec';
import { hex, sampleMessages, sampleTableFeatures } from './samples';

const BAD_REQUEST = 1, BAD_ACTION = 2, BAD_INSTRUCTION = 3, BAD_MATCH = 4, TABLE_FEATURES_FAILED = 13;
const BRC_BAD_VERSION = 0, BRC_BAD_TYPE = 1, BRC_BAD_MULTIPART = 2, BRC_BAD_LEN = 6;

function failure(frame: Buffer): OfDecodeError {
  try {
    decodeMessage(frame);
  } catch (err) {
    if (err instanceof OfDecodeError) return err;
    throw err;
  }
  throw new Error('expected decodeMessage to fail');
}

/** Encodes a message, lets `edit` change the bytes (optionally resizing), fixes the header length. */
function edited(msg: OfMessage, edit: (b: Buffer) => Buffer | void): Buffer {
  const copy = Buffer.from(encodeMessage(msg));
  const out = edit(copy) ?? copy;
  const b = Buffer.from(out);
  b.writeUInt16BE(b.length, 2);
  return b;
}

const sample = <T extends OfMessage['type']>(type: T, mpType?: string): Extract<OfMessage, { type: T }> => {
  const found = sampleMessages.find((m) => m.type === type && (mpType === undefined || ('mpType' in m && m.mpType === mpType)));
  if (!found) throw new Error(`no sample ${type} ${mpType ?? ''}`);
  return found as Extract<OfMessage, { type: T }>;
};

const append = (extra: string) => (b: Buffer): Buffer => Buffer.concat([b, hex(extra)]);
const cut = (n: number) => (b: Buffer): Buffer => b.subarray(0, b.length - n);
const put16 = (off: number, v: number) => (b: Buffer): void => { b.writeUInt16BE(v, off); };

describe('framing and header', () => {
  it('a frame shorter than the header is TRUNCATED', () => {
    expect(failure(hex('04000008'))).toMatchObject({ code: 'TRUNCATED', ofErrorType: BAD_REQUEST, ofErrorCode: BRC_BAD_LEN });
  });
  it('a header length different from the frame size is BAD_LENGTH with the xid', () => {
    expect(failure(hex('0414000900000005'))).toMatchObject({ code: 'BAD_LENGTH', ofErrorType: BAD_REQUEST, ofErrorCode: BRC_BAD_LEN, xid: 5 });
    expect(failure(hex('0414000800000005 00'))).toMatchObject({ code: 'BAD_LENGTH' });
  });
  it('a non-1.3 version is BAD_VERSION', () => {
    expect(failure(hex('0114000800000005'))).toMatchObject({ code: 'BAD_VERSION', ofErrorType: BAD_REQUEST, ofErrorCode: BRC_BAD_VERSION, xid: 5 });
    expect(failure(hex('0514000800000005'))).toMatchObject({ code: 'BAD_VERSION' });
  });
  it.each([30, 31, 0x80, 0xff])('message type %i is BAD_TYPE', (type) => {
    const b = hex('0400000800000005');
    b[1] = type;
    expect(failure(b)).toMatchObject({ code: 'BAD_TYPE', ofErrorType: BAD_REQUEST, ofErrorCode: BRC_BAD_TYPE, xid: 5 });
  });
});

describe('HELLO of other versions still decodes (version negotiation)', () => {
  it('an OpenFlow 1.0 HELLO (header only)', () => {
    expect(decodeMessage(hex('0100000800000001'))).toEqual({ type: 'HELLO', xid: 1, version: 1, elements: [] });
  });
  it('a future version HELLO with a bitmap', () => {
    expect(decodeMessage(hex('0600001000000002 00010008 00000050'))).toEqual({
      type: 'HELLO', xid: 2, version: 6, elements: [{ type: 'VERSIONBITMAP', bitmaps: [0x50] }],
    });
  });
  it('a foreign-version HELLO with an unparsable body gives no elements instead of failing', () => {
    expect(decodeMessage(hex('0500000b00000003 abcdef'))).toEqual({ type: 'HELLO', xid: 3, version: 5, elements: [] });
  });
  it('a 1.3 HELLO with a broken element list fails', () => {
    expect(failure(hex('0400000c00000003 00010002'))).toMatchObject({ code: 'BAD_LENGTH', ofErrorCode: BRC_BAD_LEN });
    expect(failure(hex('0400001000000003 00010006 00000000'))).toMatchObject({ code: 'BAD_LENGTH' }); // bitmap not a multiple of 4
    expect(failure(hex('0400001000000003 00090010 00000000'))).toMatchObject({ code: 'BAD_LENGTH' }); // past the message
    expect(failure(hex('0400000a00000003 0001'))).toMatchObject({ code: 'TRUNCATED' });
  });
  it('a 1.3 HELLO whose last element lacks its padding is accepted (interoperability)', () => {
    expect(decodeMessage(hex('0400001400000003 0001000c 00000010 00000000'))).toEqual({
      type: 'HELLO', xid: 3, elements: [{ type: 'VERSIONBITMAP', bitmaps: [0x10, 0] }],
    });
  });
});

describe('fixed-size messages reject any other size', () => {
  it.each([
    ['FEATURES_REPLY', 1], ['FEATURES_REPLY', -1], ['BARRIER_REQUEST', 4], ['ROLE_REQUEST', -8], ['SET_CONFIG', 2],
    ['GET_ASYNC_REPLY', -4], ['PORT_STATUS', 8], ['PORT_MOD', -4], ['TABLE_MOD', 8], ['QUEUE_GET_CONFIG_REQUEST', -8],
  ] as const)('%s with %i bytes more', (type, delta) => {
    const frame = edited(sample(type), (b) => (delta > 0 ? Buffer.concat([b, Buffer.alloc(delta)]) : b.subarray(0, b.length + delta)));
    expect(failure(frame)).toMatchObject({ code: 'BAD_LENGTH', ofErrorType: BAD_REQUEST, ofErrorCode: BRC_BAD_LEN });
  });
  it.each(['ERROR', 'EXPERIMENTER', 'PACKET_IN', 'FLOW_MOD', 'FLOW_REMOVED', 'PACKET_OUT', 'GROUP_MOD', 'METER_MOD', 'MULTIPART_REQUEST', 'QUEUE_GET_CONFIG_REPLY'] as const)(
    '%s shorter than its fixed part', (type) => {
      const b = encodeMessage(sample(type)).subarray(0, 10);
      const frame = Buffer.from(b);
      frame.writeUInt16BE(10, 2);
      expect(failure(frame)).toMatchObject({ code: 'BAD_LENGTH', ofErrorType: BAD_REQUEST, ofErrorCode: BRC_BAD_LEN });
    });
  it('an experimenter ERROR shorter than 16 bytes', () => {
    expect(failure(hex('0401000e00000001 ffff 0001 0000'))).toMatchObject({ code: 'BAD_LENGTH' });
  });
});

describe('nested lengths', () => {
  const packetIn = sample('PACKET_IN');
  const flowMod = sample('FLOW_MOD');
  it('PACKET_IN whose match runs past the message is BAD_MATCH/BAD_LEN', () => {
    expect(failure(edited(packetIn, put16(26, 0x100)))).toMatchObject({ code: 'BAD_MATCH', ofErrorType: BAD_MATCH, ofErrorCode: 1 });
  });
  it('PACKET_IN ending inside the 2 pad bytes after the match is BAD_LENGTH', () => {
    const pin: OfMessage = { ...packetIn, data: Buffer.alloc(0) };
    expect(failure(edited(pin, cut(1)))).toMatchObject({ code: 'BAD_LENGTH', ofErrorCode: BRC_BAD_LEN });
  });
  it('PACKET_IN with a match of type STANDARD is BAD_MATCH/BAD_TYPE', () => {
    expect(failure(edited(packetIn, put16(24, 0)))).toMatchObject({ code: 'BAD_MATCH', ofErrorType: BAD_MATCH, ofErrorCode: 0 });
  });
  it('PACKET_OUT whose actions_len runs past the message is BAD_LENGTH', () => {
    expect(failure(edited(sample('PACKET_OUT'), put16(16, 0x1000)))).toMatchObject({ code: 'BAD_LENGTH', ofErrorCode: BRC_BAD_LEN });
  });
  it('PACKET_OUT whose actions_len splits an action is BAD_ACTION/BAD_LEN', () => {
    expect(failure(edited(sample('PACKET_OUT'), put16(16, 12)))).toMatchObject({ code: 'BAD_ACTION', ofErrorType: BAD_ACTION, ofErrorCode: 1 });
  });
  it('FLOW_MOD with its last instruction cut is BAD_INSTRUCTION/BAD_LEN', () => {
    expect(failure(edited(flowMod, cut(4)))).toMatchObject({ code: 'BAD_INSTRUCTION', ofErrorType: BAD_INSTRUCTION, ofErrorCode: 7 });
  });
  it('FLOW_MOD with a zero-length instruction is BAD_INSTRUCTION', () => {
    const empty: OfMessage = { ...flowMod, match: [], instructions: [{ type: 'CLEAR_ACTIONS' }] };
    expect(failure(edited(empty, put16(58, 0)))).toMatchObject({ code: 'BAD_INSTRUCTION', ofErrorCode: 7 });
  });
  it('FLOW_REMOVED with bytes after its match is BAD_LENGTH', () => {
    expect(failure(edited(sample('FLOW_REMOVED'), append('0000000000000000')))).toMatchObject({ code: 'BAD_LENGTH' });
  });

  const groupMod = sample('GROUP_MOD');
  it.each([['zero', 0], ['below 16', 8], ['not a multiple of 8', 20], ['past the message', 0x200]])('GROUP_MOD bucket length %s', (_n, len) => {
    expect(failure(edited(groupMod, put16(16, len)))).toMatchObject({ code: 'BAD_LENGTH', ofErrorType: BAD_REQUEST, ofErrorCode: BRC_BAD_LEN });
  });
  const meterMod = sample('METER_MOD');
  it.each([['zero', 0], ['below 16', 12], ['not a multiple of 8', 20], ['past the message', 0x200]])('METER_MOD band length %s', (_n, len) => {
    expect(failure(edited(meterMod, put16(18, len)))).toMatchObject({ code: 'BAD_LENGTH', ofErrorCode: BRC_BAD_LEN });
  });
  it('METER_MOD drop band longer than 16 bytes', () => {
    const m: OfMessage = { ...meterMod, bands: [{ type: 'DROP', rate: 1, burstSize: 1 }] };
    expect(failure(edited(m, (b) => { const c = Buffer.concat([b, Buffer.alloc(8)]); c.writeUInt16BE(24, 18); return c; })))
      .toMatchObject({ code: 'BAD_LENGTH' });
  });
  const queueReply = sample('QUEUE_GET_CONFIG_REPLY');
  it.each([['zero', 0], ['below 16', 8], ['past the message', 0x400]])('queue length %s', (_n, len) => {
    expect(failure(edited(queueReply, put16(24, len)))).toMatchObject({ code: 'BAD_LENGTH', ofErrorCode: BRC_BAD_LEN });
  });
  it.each([['zero', 0], ['below 8', 4], ['min_rate not 16', 24], ['past its queue', 0x100]])('queue property length %s', (_n, len) => {
    expect(failure(edited(queueReply, put16(34, len)))).toMatchObject({ code: 'BAD_LENGTH', ofErrorCode: BRC_BAD_LEN });
  });
});

describe('multipart bodies', () => {
  it('an unknown multipart type is BAD_MULTIPART', () => {
    expect(failure(hex('0412001000000009 000e 0000 00000000'))).toMatchObject({
      code: 'BAD_MULTIPART', ofErrorType: BAD_REQUEST, ofErrorCode: BRC_BAD_MULTIPART, xid: 9,
    });
    expect(failure(hex('0413001000000009 0fff 0000 00000000'))).toMatchObject({ code: 'BAD_MULTIPART' });
  });
  it.each([
    ['DESC request with a body', 'MULTIPART_REQUEST', 'DESC', append('00000000')],
    ['PORT_STATS request of 4 bytes', 'MULTIPART_REQUEST', 'PORT_STATS', cut(4)],
    ['FLOW request with bytes after the match', 'MULTIPART_REQUEST', 'FLOW', append('00000000 00000000')],
    ['DESC reply one byte short', 'MULTIPART_REPLY', 'DESC', cut(1)],
    ['PORT_DESC reply not a multiple of 64', 'MULTIPART_REPLY', 'PORT_DESC', cut(8)],
    ['TABLE reply not a multiple of 24', 'MULTIPART_REPLY', 'TABLE', append('00000000')],
    ['PORT_STATS reply not a multiple of 112', 'MULTIPART_REPLY', 'PORT_STATS', cut(8)],
    ['AGGREGATE reply too long', 'MULTIPART_REPLY', 'AGGREGATE', append('0000000000000000')],
    ['FLOW reply entry length zero', 'MULTIPART_REPLY', 'FLOW', put16(16, 0)],
    ['FLOW reply entry length below 56', 'MULTIPART_REPLY', 'FLOW', put16(16, 48)],
    ['FLOW reply entry length not a multiple of 8', 'MULTIPART_REPLY', 'FLOW', put16(16, 0x0c4)],
    ['FLOW reply entry past the body', 'MULTIPART_REPLY', 'FLOW', put16(16, 0x4000)],
    ['GROUP reply entry with a partial bucket counter', 'MULTIPART_REPLY', 'GROUP', put16(16, 48)],
    ['GROUP reply entry length zero', 'MULTIPART_REPLY', 'GROUP', put16(16, 0)],
    ['GROUP_DESC entry length zero', 'MULTIPART_REPLY', 'GROUP_DESC', put16(16, 0)],
    ['METER reply entry with a partial band counter', 'MULTIPART_REPLY', 'METER', put16(20, 48)],
    ['METER_CONFIG entry length below 8', 'MULTIPART_REPLY', 'METER_CONFIG', put16(16, 4)],
    ['EXPERIMENTER body shorter than 8', 'MULTIPART_REPLY', 'EXPERIMENTER', cut(4)],
  ] as const)('%s is BAD_LENGTH', (_n, type, mpType, edit) => {
    expect(failure(edited(sample(type, mpType), edit))).toMatchObject({ code: 'BAD_LENGTH', ofErrorType: BAD_REQUEST, ofErrorCode: BRC_BAD_LEN });
  });

  const tf: OfMessage = { type: 'MULTIPART_REPLY', xid: 1, flags: 0, mpType: 'TABLE_FEATURES', body: [sampleTableFeatures] };
  it.each([
    ['table features length zero', put16(16, 0)],
    ['table features length below 64', put16(16, 56)],
    ['table features length not a multiple of 8', put16(16, 0x44)],
    ['table features length past the body', put16(16, 0x2000)],
    ['property length zero', put16(16 + 64 + 2, 0)],
    ['property length below 4', put16(16 + 64 + 2, 3)],
    ['property length past its table', put16(16 + 64 + 2, 0x1000)],
  ] as const)('%s is TABLE_FEATURES_FAILED/BAD_LEN', (_n, edit) => {
    expect(failure(edited(tf, edit))).toMatchObject({ code: 'BAD_LENGTH', ofErrorType: TABLE_FEATURES_FAILED, ofErrorCode: 3 });
  });
});
