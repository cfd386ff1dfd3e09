// Messages with an opaque tail: ERROR (spec 7.4.4), ECHO_REQUEST/REPLY (7.5.2, 7.5.3)
// and EXPERIMENTER (7.5.4). Tails are views into the frame.

import type { EchoReply, EchoRequest, ErrorMsg, Experimenter } from '../types';
import { expectMinLength, type MessageCodec } from '../wire-util';
import { getU16, getU32 } from '../bytes';
import { putFieldU16, putFieldU32 } from '../checked-put';

const ET_EXPERIMENTER = 0xffff;

export const errorCodec: MessageCodec<ErrorMsg> = {
  decode(frame, xid) {
    expectMinLength(frame, 12, 'ERROR');
    const errType = getU16(frame, 8);
    const errCode = getU16(frame, 10);
    if (errType !== ET_EXPERIMENTER) return { type: 'ERROR', xid, errType, errCode, data: frame.subarray(12) };
    // ofp_error_experimenter_msg: type, exp_type, experimenter, data.
    expectMinLength(frame, 16, 'experimenter ERROR');
    return { type: 'ERROR', xid, errType, errCode, experimenter: getU32(frame, 12), data: frame.subarray(16) };
  },
  length: (msg) => (msg.errType === ET_EXPERIMENTER ? 16 : 12) + msg.data.length,
  write(msg, buf, off) {
    putFieldU16(buf, off + 8, msg.errType, 'ERROR.errType');
    putFieldU16(buf, off + 10, msg.errCode, 'ERROR.errCode');
    if (msg.errType === ET_EXPERIMENTER) {
      putFieldU32(buf, off + 12, msg.experimenter ?? 0, 'ERROR.experimenter');
      msg.data.copy(buf, off + 16);
    } else {
      msg.data.copy(buf, off + 12);
    }
  },
};

export const echoRequestCodec: MessageCodec<EchoRequest> = {
  decode: (frame, xid) => ({ type: 'ECHO_REQUEST', xid, data: frame.subarray(8) }),
  length: (msg) => 8 + msg.data.length,
  write: (msg, buf, off) => { msg.data.copy(buf, off + 8); },
};

export const echoReplyCodec: MessageCodec<EchoReply> = {
  decode: (frame, xid) => ({ type: 'ECHO_REPLY', xid, data: frame.subarray(8) }),
  length: (msg) => 8 + msg.data.length,
  write: (msg, buf, off) => { msg.data.copy(buf, off + 8); },
};

export const experimenterCodec: MessageCodec<Experimenter> = {
  decode(frame, xid) {
    expectMinLength(frame, 16, 'EXPERIMENTER');
    return {
      type: 'EXPERIMENTER', xid, experimenter: getU32(frame, 8), expType: getU32(frame, 12),
      data: frame.subarray(16),
    };
  },
  length: (msg) => 16 + msg.data.length,
  write(msg, buf, off) {
    putFieldU32(buf, off + 8, msg.experimenter, 'EXPERIMENTER.experimenter');
    putFieldU32(buf, off + 12, msg.expType, 'EXPERIMENTER.expType');
    msg.data.copy(buf, off + 16);
  },
};
