// OFPT_PACKET_OUT (spec 7.3.7): buffer_id, in_port, actions_len, 6 pad bytes, the
// actions, then the frame to send (empty when a buffer is used).

import type { PacketOut } from '../types';
import { actionsLength, decodeActions, writeActions } from '../actions';
import { expectMinLength, zeroFill, type MessageCodec } from '../wire-util';
import { failLength } from '../fail';
import { getU16, getU32, putU16 } from '../bytes';
import { putFieldU32 } from '../checked-put';

export const packetOutCodec: MessageCodec<PacketOut> = {
  decode(frame, xid) {
    expectMinLength(frame, 24, 'PACKET_OUT');
    const actionsLen = getU16(frame, 16);
    const actionsEnd = 24 + actionsLen;
    if (actionsEnd > frame.length) failLength(`PACKET_OUT actions_len ${actionsLen} past the end of the message`, 16);
    return {
      type: 'PACKET_OUT', xid, bufferId: getU32(frame, 8), inPort: getU32(frame, 12),
      actions: decodeActions(frame, 24, actionsEnd), data: frame.subarray(actionsEnd),
    };
  },
  length: (msg) => 24 + actionsLength(msg.actions) + msg.data.length,
  write(msg, buf, off) {
    putFieldU32(buf, off + 8, msg.bufferId, 'PACKET_OUT.bufferId');
    putFieldU32(buf, off + 12, msg.inPort, 'PACKET_OUT.inPort');
    zeroFill(buf, off + 18, off + 24);
    const end = writeActions(msg.actions, buf, off + 24);
    putU16(buf, off + 16, end - off - 24);
    msg.data.copy(buf, end);
  },
};
