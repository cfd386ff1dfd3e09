// Controller-to-switch state changes other than FLOW_MOD: GROUP_MOD (spec 7.3.4.2),
// PORT_MOD (7.3.4.3), TABLE_MOD (7.3.3), METER_MOD (7.3.4.4), and the
// QUEUE_GET_CONFIG_REPLY (7.3.6) that lists a port's queues.

import type { GroupMod, MeterMod, PortMod, QueueGetConfigReply, TableMod } from '../types';
import { formatMac, writeMac } from '../address';
import { bucketsLength, decodeBuckets, writeBuckets } from '../structs/bucket';
import { bandsLength, decodeBands, writeBands } from '../structs/meter-band';
import { decodeQueues, queuesLength, writeQueues } from '../structs/queue';
import { expectExactLength, expectMinLength, zeroFill, type MessageCodec } from '../wire-util';
import { getU16, getU32, putU16, putU32, putU8 } from '../bytes';
import { putFieldU16, putFieldU32, putFieldU8 } from '../checked-put';

export const groupModCodec: MessageCodec<GroupMod> = {
  decode(frame, xid) {
    expectMinLength(frame, 16, 'GROUP_MOD');
    return {
      type: 'GROUP_MOD', xid, command: getU16(frame, 8), groupType: frame[10], groupId: getU32(frame, 12),
      buckets: decodeBuckets(frame, 16, frame.length),
    };
  },
  length: (msg) => 16 + bucketsLength(msg.buckets),
  write(msg, buf, off) {
    putFieldU16(buf, off + 8, msg.command, 'GROUP_MOD.command');
    putFieldU8(buf, off + 10, msg.groupType, 'GROUP_MOD.groupType');
    putU8(buf, off + 11, 0);
    putFieldU32(buf, off + 12, msg.groupId, 'GROUP_MOD.groupId');
    writeBuckets(msg.buckets, buf, off + 16);
  },
};

export const portModCodec: MessageCodec<PortMod> = {
  decode(frame, xid) {
    expectExactLength(frame, 40, 'PORT_MOD');
    return {
      type: 'PORT_MOD', xid, portNo: getU32(frame, 8), hwAddr: formatMac(frame, 16), config: getU32(frame, 24),
      mask: getU32(frame, 28), advertise: getU32(frame, 32),
    };
  },
  length: () => 40,
  write(msg, buf, off) {
    putFieldU32(buf, off + 8, msg.portNo, 'PORT_MOD.portNo');
    putU32(buf, off + 12, 0);
    writeMac(msg.hwAddr, buf, off + 16);
    putU16(buf, off + 22, 0);
    putFieldU32(buf, off + 24, msg.config, 'PORT_MOD.config');
    putFieldU32(buf, off + 28, msg.mask, 'PORT_MOD.mask');
    putFieldU32(buf, off + 32, msg.advertise, 'PORT_MOD.advertise');
    putU32(buf, off + 36, 0);
  },
};

export const tableModCodec: MessageCodec<TableMod> = {
  decode(frame, xid) {
    expectExactLength(frame, 16, 'TABLE_MOD');
    return { type: 'TABLE_MOD', xid, tableId: frame[8], config: getU32(frame, 12) };
  },
  length: () => 16,
  write(msg, buf, off) {
    putFieldU8(buf, off + 8, msg.tableId, 'TABLE_MOD.tableId');
    zeroFill(buf, off + 9, off + 12);
    putFieldU32(buf, off + 12, msg.config, 'TABLE_MOD.config');
  },
};

export const meterModCodec: MessageCodec<MeterMod> = {
  decode(frame, xid) {
    expectMinLength(frame, 16, 'METER_MOD');
    return {
      type: 'METER_MOD', xid, command: getU16(frame, 8), flags: getU16(frame, 10), meterId: getU32(frame, 12),
      bands: decodeBands(frame, 16, frame.length),
    };
  },
  length: (msg) => 16 + bandsLength(msg.bands),
  write(msg, buf, off) {
    putFieldU16(buf, off + 8, msg.command, 'METER_MOD.command');
    putFieldU16(buf, off + 10, msg.flags, 'METER_MOD.flags');
    putFieldU32(buf, off + 12, msg.meterId, 'METER_MOD.meterId');
    writeBands(msg.bands, buf, off + 16);
  },
};

export const queueGetConfigReplyCodec: MessageCodec<QueueGetConfigReply> = {
  decode(frame, xid) {
    expectMinLength(frame, 16, 'QUEUE_GET_CONFIG_REPLY');
    return { type: 'QUEUE_GET_CONFIG_REPLY', xid, port: getU32(frame, 8), queues: decodeQueues(frame, 16, frame.length) };
  },
  length: (msg) => 16 + queuesLength(msg.queues),
  write(msg, buf, off) {
    putFieldU32(buf, off + 8, msg.port, 'QUEUE_GET_CONFIG_REPLY.port');
    putU32(buf, off + 12, 0);
    writeQueues(msg.queues, buf, off + 16);
  },
};
