// Switch-to-controller async messages: PACKET_IN (spec 7.4.1), FLOW_REMOVED (7.4.2),
// PORT_STATUS (7.4.3).

import type { FlowRemoved, PacketIn, PortStatus } from '../types';
import { decodeMatch, matchSpan, readMatchSpan, writeMatch } from '../oxm';
import { decodePort, PORT_LEN, writePort } from '../structs/port';
import { expectExactLength, expectMinLength, zeroFill, type MessageCodec } from '../wire-util';
import { failLength } from '../fail';
import { getU16, getU32, getU64, putU16 } from '../bytes';
import { putFieldU16, putFieldU32, putFieldU64, putFieldU8 } from '../checked-put';

/** ofp_packet_in: 16 fixed bytes after the header, the match, 2 pad bytes, the frame. */
export const packetInCodec: MessageCodec<PacketIn> = {
  decode(frame, xid) {
    const end = frame.length;
    expectMinLength(frame, 32, 'PACKET_IN');
    const span = readMatchSpan(frame, 24, end);
    const dataStart = 24 + span + 2;
    if (dataStart > end) failLength('PACKET_IN ends inside the padding after its match', 24 + span);
    return {
      type: 'PACKET_IN', xid, bufferId: getU32(frame, 8), totalLen: getU16(frame, 12), reason: frame[14],
      tableId: frame[15], cookie: getU64(frame, 16), match: decodeMatch(frame, 24),
      data: frame.subarray(dataStart, end),
    };
  },
  length: (msg) => 24 + matchSpan(msg.match) + 2 + msg.data.length,
  write(msg, buf, off) {
    putFieldU32(buf, off + 8, msg.bufferId, 'PACKET_IN.bufferId');
    putFieldU16(buf, off + 12, msg.totalLen, 'PACKET_IN.totalLen');
    putFieldU8(buf, off + 14, msg.reason, 'PACKET_IN.reason');
    putFieldU8(buf, off + 15, msg.tableId, 'PACKET_IN.tableId');
    putFieldU64(buf, off + 16, msg.cookie, 'PACKET_IN.cookie');
    const p = writeMatch(msg.match, buf, off + 24);
    putU16(buf, p, 0);
    msg.data.copy(buf, p + 2);
  },
};

/** ofp_flow_removed: 40 fixed bytes after the header, then the match (last). */
export const flowRemovedCodec: MessageCodec<FlowRemoved> = {
  decode(frame, xid) {
    expectMinLength(frame, 56, 'FLOW_REMOVED');
    const span = readMatchSpan(frame, 48, frame.length);
    if (48 + span !== frame.length) failLength('FLOW_REMOVED has bytes after its match', 48 + span);
    return {
      type: 'FLOW_REMOVED', xid, cookie: getU64(frame, 8), priority: getU16(frame, 16),
      reason: frame[18], tableId: frame[19], durationSec: getU32(frame, 20), durationNsec: getU32(frame, 24),
      idleTimeout: getU16(frame, 28), hardTimeout: getU16(frame, 30), packetCount: getU64(frame, 32),
      byteCount: getU64(frame, 40), match: decodeMatch(frame, 48),
    };
  },
  length: (msg) => 48 + matchSpan(msg.match),
  write(msg, buf, off) {
    putFieldU64(buf, off + 8, msg.cookie, 'FLOW_REMOVED.cookie');
    putFieldU16(buf, off + 16, msg.priority, 'FLOW_REMOVED.priority');
    putFieldU8(buf, off + 18, msg.reason, 'FLOW_REMOVED.reason');
    putFieldU8(buf, off + 19, msg.tableId, 'FLOW_REMOVED.tableId');
    putFieldU32(buf, off + 20, msg.durationSec, 'FLOW_REMOVED.durationSec');
    putFieldU32(buf, off + 24, msg.durationNsec, 'FLOW_REMOVED.durationNsec');
    putFieldU16(buf, off + 28, msg.idleTimeout, 'FLOW_REMOVED.idleTimeout');
    putFieldU16(buf, off + 30, msg.hardTimeout, 'FLOW_REMOVED.hardTimeout');
    putFieldU64(buf, off + 32, msg.packetCount, 'FLOW_REMOVED.packetCount');
    putFieldU64(buf, off + 40, msg.byteCount, 'FLOW_REMOVED.byteCount');
    writeMatch(msg.match, buf, off + 48);
  },
};

/** ofp_port_status: reason, 7 pad bytes, ofp_port. */
export const portStatusCodec: MessageCodec<PortStatus> = {
  decode(frame, xid) {
    expectExactLength(frame, 16 + PORT_LEN, 'PORT_STATUS');
    return { type: 'PORT_STATUS', xid, reason: frame[8], desc: decodePort(frame, 16) };
  },
  length: () => 16 + PORT_LEN,
  write(msg, buf, off) {
    putFieldU8(buf, off + 8, msg.reason, 'PORT_STATUS.reason');
    zeroFill(buf, off + 9, off + 16);
    writePort(msg.desc, buf, off + 16);
  },
};
