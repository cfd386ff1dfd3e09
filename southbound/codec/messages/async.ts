// Switch-to-controller async messages: PACKET_IN (spec 7.4.1), FLOW_REMOVED (7.4.2),
// PORT_STATUS (7.4.3).

import type { FlowRemoved, PacketIn, PortStatus } from '../types';
import { decodeMatch, matchSpan, readMatchSpan, writeMatch } from '../oxm';
import { decodePort, PORT_LEN, writePort } from '../structs/port';
import { expectExactLength, expectMinLength, zeroFill, type MessageCodec } from '../wire-util';
import { failLength } from '../fail';

/** ofp_packet_in: 16 fixed bytes after the header, the match, 2 pad bytes, the frame. */
export const packetInCodec: MessageCodec<PacketIn> = {
  decode(frame, xid) {
    const end = frame.length;
    expectMinLength(frame, 32, 'PACKET_IN');
    const span = readMatchSpan(frame, 24, end);
    const dataStart = 24 + span + 2;
    if (dataStart > end) failLength('PACKET_IN ends inside the padding after its match', 24 + span);
    return {
      type: 'PACKET_IN', xid, bufferId: frame.readUInt32BE(8), totalLen: frame.readUInt16BE(12), reason: frame[14],
      tableId: frame[15], cookie: frame.readBigUInt64BE(16), match: decodeMatch(frame, 24),
      data: frame.subarray(dataStart, end),
    };
  },
  length: (msg) => 24 + matchSpan(msg.match) + 2 + msg.data.length,
  write(msg, buf, off) {
    buf.writeUInt32BE(msg.bufferId, off + 8);
    buf.writeUInt16BE(msg.totalLen, off + 12);
    buf.writeUInt8(msg.reason, off + 14);
    buf.writeUInt8(msg.tableId, off + 15);
    buf.writeBigUInt64BE(msg.cookie, off + 16);
    const p = writeMatch(msg.match, buf, off + 24);
    buf.writeUInt16BE(0, p);
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
      type: 'FLOW_REMOVED', xid, cookie: frame.readBigUInt64BE(8), priority: frame.readUInt16BE(16),
      reason: frame[18], tableId: frame[19], durationSec: frame.readUInt32BE(20), durationNsec: frame.readUInt32BE(24),
      idleTimeout: frame.readUInt16BE(28), hardTimeout: frame.readUInt16BE(30), packetCount: frame.readBigUInt64BE(32),
      byteCount: frame.readBigUInt64BE(40), match: decodeMatch(frame, 48),
    };
  },
  length: (msg) => 48 + matchSpan(msg.match),
  write(msg, buf, off) {
    buf.writeBigUInt64BE(msg.cookie, off + 8);
    buf.writeUInt16BE(msg.priority, off + 16);
    buf.writeUInt8(msg.reason, off + 18);
    buf.writeUInt8(msg.tableId, off + 19);
    buf.writeUInt32BE(msg.durationSec, off + 20);
    buf.writeUInt32BE(msg.durationNsec, off + 24);
    buf.writeUInt16BE(msg.idleTimeout, off + 28);
    buf.writeUInt16BE(msg.hardTimeout, off + 30);
    buf.writeBigUInt64BE(msg.packetCount, off + 32);
    buf.writeBigUInt64BE(msg.byteCount, off + 40);
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
    buf.writeUInt8(msg.reason, off + 8);
    zeroFill(buf, off + 9, off + 16);
    writePort(msg.desc, buf, off + 16);
  },
};
