// Controller-to-switch state changes other than FLOW_MOD: GROUP_MOD (spec 7.3.4.2),
// PORT_MOD (7.3.4.3), TABLE_MOD (7.3.3), METER_MOD (7.3.4.4), and the
// QUEUE_GET_CONFIG_REPLY (7.3.6) that lists a port's queues.

import type { GroupMod, MeterMod, PortMod, QueueGetConfigReply, TableMod } from '../types';
import { formatMac, writeMac } from '../address';
import { bucketsLength, decodeBuckets, writeBuckets } from '../structs/bucket';
import { bandsLength, decodeBands, writeBands } from '../structs/meter-band';
import { decodeQueues, queuesLength, writeQueues } from '../structs/queue';
import { expectExactLength, expectMinLength, zeroFill, type MessageCodec } from '../wire-util';

export const groupModCodec: MessageCodec<GroupMod> = {
  decode(frame, xid) {
    expectMinLength(frame, 16, 'GROUP_MOD');
    return {
      type: 'GROUP_MOD', xid, command: frame.readUInt16BE(8), groupType: frame[10], groupId: frame.readUInt32BE(12),
      buckets: decodeBuckets(frame, 16, frame.length),
    };
  },
  length: (msg) => 16 + bucketsLength(msg.buckets),
  write(msg, buf, off) {
    buf.writeUInt16BE(msg.command, off + 8);
    buf.writeUInt8(msg.groupType, off + 10);
    buf.writeUInt8(0, off + 11);
    buf.writeUInt32BE(msg.groupId, off + 12);
    writeBuckets(msg.buckets, buf, off + 16);
  },
};

export const portModCodec: MessageCodec<PortMod> = {
  decode(frame, xid) {
    expectExactLength(frame, 40, 'PORT_MOD');
    return {
      type: 'PORT_MOD', xid, portNo: frame.readUInt32BE(8), hwAddr: formatMac(frame, 16), config: frame.readUInt32BE(24),
      mask: frame.readUInt32BE(28), advertise: frame.readUInt32BE(32),
    };
  },
  length: () => 40,
  write(msg, buf, off) {
    buf.writeUInt32BE(msg.portNo, off + 8);
    buf.writeUInt32BE(0, off + 12);
    writeMac(msg.hwAddr, buf, off + 16);
    buf.writeUInt16BE(0, off + 22);
    buf.writeUInt32BE(msg.config, off + 24);
    buf.writeUInt32BE(msg.mask, off + 28);
    buf.writeUInt32BE(msg.advertise, off + 32);
    buf.writeUInt32BE(0, off + 36);
  },
};

export const tableModCodec: MessageCodec<TableMod> = {
  decode(frame, xid) {
    expectExactLength(frame, 16, 'TABLE_MOD');
    return { type: 'TABLE_MOD', xid, tableId: frame[8], config: frame.readUInt32BE(12) };
  },
  length: () => 16,
  write(msg, buf, off) {
    buf.writeUInt8(msg.tableId, off + 8);
    zeroFill(buf, off + 9, off + 12);
    buf.writeUInt32BE(msg.config, off + 12);
  },
};

export const meterModCodec: MessageCodec<MeterMod> = {
  decode(frame, xid) {
    expectMinLength(frame, 16, 'METER_MOD');
    return {
      type: 'METER_MOD', xid, command: frame.readUInt16BE(8), flags: frame.readUInt16BE(10), meterId: frame.readUInt32BE(12),
      bands: decodeBands(frame, 16, frame.length),
    };
  },
  length: (msg) => 16 + bandsLength(msg.bands),
  write(msg, buf, off) {
    buf.writeUInt16BE(msg.command, off + 8);
    buf.writeUInt16BE(msg.flags, off + 10);
    buf.writeUInt32BE(msg.meterId, off + 12);
    writeBands(msg.bands, buf, off + 16);
  },
};

export const queueGetConfigReplyCodec: MessageCodec<QueueGetConfigReply> = {
  decode(frame, xid) {
    expectMinLength(frame, 16, 'QUEUE_GET_CONFIG_REPLY');
    return { type: 'QUEUE_GET_CONFIG_REPLY', xid, port: frame.readUInt32BE(8), queues: decodeQueues(frame, 16, frame.length) };
  },
  length: (msg) => 16 + queuesLength(msg.queues),
  write(msg, buf, off) {
    buf.writeUInt32BE(msg.port, off + 8);
    buf.writeUInt32BE(0, off + 12);
    writeQueues(msg.queues, buf, off + 16);
  },
};
