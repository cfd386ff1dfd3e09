// OFPT_FLOW_MOD (spec 7.3.4.1): 40 fixed bytes after the header, the match, then the
// instructions up to the end of the message.

import type { FlowMod } from '../types';
import { decodeMatch, matchSpan, readMatchSpan, writeMatch } from '../oxm';
import { decodeInstructions, instructionsLength, writeInstructions } from '../instructions';
import { expectMinLength, type MessageCodec } from '../wire-util';

export const flowModCodec: MessageCodec<FlowMod> = {
  decode(frame, xid) {
    expectMinLength(frame, 56, 'FLOW_MOD');
    const end = frame.length;
    const instructionsStart = 48 + readMatchSpan(frame, 48, end);
    return {
      type: 'FLOW_MOD', xid, cookie: frame.readBigUInt64BE(8), cookieMask: frame.readBigUInt64BE(16),
      tableId: frame[24], command: frame[25], idleTimeout: frame.readUInt16BE(26), hardTimeout: frame.readUInt16BE(28),
      priority: frame.readUInt16BE(30), bufferId: frame.readUInt32BE(32), outPort: frame.readUInt32BE(36),
      outGroup: frame.readUInt32BE(40), flags: frame.readUInt16BE(44), match: decodeMatch(frame, 48),
      instructions: decodeInstructions(frame, instructionsStart, end),
    };
  },
  length: (msg) => 48 + matchSpan(msg.match) + instructionsLength(msg.instructions),
  write(msg, buf, off) {
    buf.writeBigUInt64BE(msg.cookie, off + 8);
    buf.writeBigUInt64BE(msg.cookieMask, off + 16);
    buf.writeUInt8(msg.tableId, off + 24);
    buf.writeUInt8(msg.command, off + 25);
    buf.writeUInt16BE(msg.idleTimeout, off + 26);
    buf.writeUInt16BE(msg.hardTimeout, off + 28);
    buf.writeUInt16BE(msg.priority, off + 30);
    buf.writeUInt32BE(msg.bufferId, off + 32);
    buf.writeUInt32BE(msg.outPort, off + 36);
    buf.writeUInt32BE(msg.outGroup, off + 40);
    buf.writeUInt16BE(msg.flags, off + 44);
    buf.writeUInt16BE(0, off + 46);
    writeInstructions(msg.instructions, buf, writeMatch(msg.match, buf, off + 48));
  },
};
