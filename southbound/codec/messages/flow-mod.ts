// OFPT_FLOW_MOD (spec 7.3.4.1): 40 fixed bytes after the header, the match, then the
// instructions up to the end of the message.

import type { FlowMod } from '../types';
import { decodeMatch, matchSpan, readMatchSpan, writeMatch } from '../oxm';
import { decodeInstructions, instructionsLength, writeInstructions } from '../instructions';
import { expectMinLength, type MessageCodec } from '../wire-util';
import { getU16, getU32, getU64, putU16 } from '../bytes';
import { putFieldU16, putFieldU32, putFieldU64, putFieldU8 } from '../checked-put';

export const flowModCodec: MessageCodec<FlowMod> = {
  decode(frame, xid) {
    expectMinLength(frame, 56, 'FLOW_MOD');
    const end = frame.length;
    const instructionsStart = 48 + readMatchSpan(frame, 48, end);
    return {
      type: 'FLOW_MOD', xid, cookie: getU64(frame, 8), cookieMask: getU64(frame, 16),
      tableId: frame[24], command: frame[25], idleTimeout: getU16(frame, 26), hardTimeout: getU16(frame, 28),
      priority: getU16(frame, 30), bufferId: getU32(frame, 32), outPort: getU32(frame, 36),
      outGroup: getU32(frame, 40), flags: getU16(frame, 44), match: decodeMatch(frame, 48),
      instructions: decodeInstructions(frame, instructionsStart, end),
    };
  },
  length: (msg) => 48 + matchSpan(msg.match) + instructionsLength(msg.instructions),
  write(msg, buf, off) {
    putFieldU64(buf, off + 8, msg.cookie, 'FLOW_MOD.cookie');
    putFieldU64(buf, off + 16, msg.cookieMask, 'FLOW_MOD.cookieMask');
    putFieldU8(buf, off + 24, msg.tableId, 'FLOW_MOD.tableId');
    putFieldU8(buf, off + 25, msg.command, 'FLOW_MOD.command');
    putFieldU16(buf, off + 26, msg.idleTimeout, 'FLOW_MOD.idleTimeout');
    putFieldU16(buf, off + 28, msg.hardTimeout, 'FLOW_MOD.hardTimeout');
    putFieldU16(buf, off + 30, msg.priority, 'FLOW_MOD.priority');
    putFieldU32(buf, off + 32, msg.bufferId, 'FLOW_MOD.bufferId');
    putFieldU32(buf, off + 36, msg.outPort, 'FLOW_MOD.outPort');
    putFieldU32(buf, off + 40, msg.outGroup, 'FLOW_MOD.outGroup');
    putFieldU16(buf, off + 44, msg.flags, 'FLOW_MOD.flags');
    putU16(buf, off + 46, 0);
    writeInstructions(msg.instructions, buf, writeMatch(msg.match, buf, off + 48));
  },
};
