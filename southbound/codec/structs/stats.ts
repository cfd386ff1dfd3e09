// Fixed-size multipart bodies (spec 7.3.5): desc, table stats, port stats, queue stats,
// their request bodies, the port list of PORT_DESC and the experimenter body.

import type {
  Desc, ExperimenterMultipart, MeterRequestBody, GroupStatsRequestBody, Port, PortStats, PortStatsRequestBody,
  QueueStats, QueueStatsRequestBody, TableStats,
} from '../types';
import { failLength } from '../fail';
import { readFixedString, writeFixedString } from '../wire-util';
import { decodePort, PORT_LEN, writePort } from './port';
import { fixedRecord, fixedRecordList, type BodyCodec } from './list';
import { getU32, getU64, putU32 } from '../bytes';
import { putFieldU32, putFieldU64, putFieldU8 } from '../checked-put';

const DESC_STR_LEN = 256;
const SERIAL_NUM_LEN = 32;

/** ofp_desc: four 256-byte strings and one 32-byte serial number (1056 bytes). */
export const descBody: BodyCodec<Desc> = fixedRecord(1056,
  (buf, off) => ({
    mfrDesc: readFixedString(buf, off, DESC_STR_LEN), hwDesc: readFixedString(buf, off + 256, DESC_STR_LEN),
    swDesc: readFixedString(buf, off + 512, DESC_STR_LEN), serialNum: readFixedString(buf, off + 768, SERIAL_NUM_LEN),
    dpDesc: readFixedString(buf, off + 800, DESC_STR_LEN),
  }),
  (d, buf, off) => {
    writeFixedString(d.mfrDesc, buf, off, DESC_STR_LEN);
    writeFixedString(d.hwDesc, buf, off + 256, DESC_STR_LEN);
    writeFixedString(d.swDesc, buf, off + 512, DESC_STR_LEN);
    writeFixedString(d.serialNum, buf, off + 768, SERIAL_NUM_LEN);
    writeFixedString(d.dpDesc, buf, off + 800, DESC_STR_LEN);
  },
  failLength, 'desc');

/** ofp_table_stats: 24 bytes each. */
export const tableStatsBody: BodyCodec<TableStats[]> = fixedRecordList(24,
  (buf, off) => ({
    tableId: buf[off], activeCount: getU32(buf, off + 4), lookupCount: getU64(buf, off + 8),
    matchedCount: getU64(buf, off + 16),
  }),
  (s, buf, off) => {
    putU32(buf, off, 0);
    putFieldU8(buf, off, s.tableId, 'tableStats.tableId');
    putFieldU32(buf, off + 4, s.activeCount, 'tableStats.activeCount');
    putFieldU64(buf, off + 8, s.lookupCount, 'tableStats.lookupCount');
    putFieldU64(buf, off + 16, s.matchedCount, 'tableStats.matchedCount');
  },
  failLength, 'table stats');

/** A request body of one 32-bit id followed by 4 pad bytes (port, group, meter). */
function idRequest<K extends string>(key: K, what: string, struct: string): BodyCodec<Record<K, number>> {
  const field = `${struct}.${key}`;
  return fixedRecord(8,
    (buf, off) => ({ [key]: getU32(buf, off) }) as Record<K, number>,
    (body, buf, off) => {
      putFieldU32(buf, off, body[key], field);
      putU32(buf, off + 4, 0);
    },
    failLength, what);
}

export const portStatsRequestBody: BodyCodec<PortStatsRequestBody> = idRequest('portNo', 'port stats request', 'portStatsRequest');
export const groupStatsRequestBody: BodyCodec<GroupStatsRequestBody> = idRequest('groupId', 'group stats request', 'groupStatsRequest');
export const meterRequestBody: BodyCodec<MeterRequestBody> = idRequest('meterId', 'meter request', 'meterRequest');

const PORT_COUNTERS = [
  'rxPackets', 'txPackets', 'rxBytes', 'txBytes', 'rxDropped', 'txDropped', 'rxErrors', 'txErrors',
  'rxFrameErr', 'rxOverErr', 'rxCrcErr', 'collisions',
] as const;
const PORT_COUNTER_NAMES: readonly string[] = PORT_COUNTERS.map((name) => `portStats.${name}`);

/** ofp_port_stats: port_no, 4 pad bytes, twelve 64-bit counters, duration (112 bytes). */
export const portStatsReplyBody: BodyCodec<PortStats[]> = fixedRecordList(112,
  (buf, off) => {
    const s = { portNo: getU32(buf, off) } as PortStats;
    PORT_COUNTERS.forEach((name, i) => { s[name] = getU64(buf, off + 8 + 8 * i); });
    s.durationSec = getU32(buf, off + 104);
    s.durationNsec = getU32(buf, off + 108);
    return s;
  },
  (s, buf, off) => {
    putFieldU32(buf, off, s.portNo, 'portStats.portNo');
    putU32(buf, off + 4, 0);
    PORT_COUNTERS.forEach((name, i) => putFieldU64(buf, off + 8 + 8 * i, s[name], PORT_COUNTER_NAMES[i]));
    putFieldU32(buf, off + 104, s.durationSec, 'portStats.durationSec');
    putFieldU32(buf, off + 108, s.durationNsec, 'portStats.durationNsec');
  },
  failLength, 'port stats');

/** ofp_queue_stats_request: port_no, queue_id. */
export const queueStatsRequestBody: BodyCodec<QueueStatsRequestBody> = fixedRecord(8,
  (buf, off) => ({ portNo: getU32(buf, off), queueId: getU32(buf, off + 4) }),
  (b, buf, off) => {
    putFieldU32(buf, off, b.portNo, 'queueStatsRequest.portNo');
    putFieldU32(buf, off + 4, b.queueId, 'queueStatsRequest.queueId');
  },
  failLength, 'queue stats request');

/** ofp_queue_stats: 40 bytes each. */
export const queueStatsReplyBody: BodyCodec<QueueStats[]> = fixedRecordList(40,
  (buf, off) => ({
    portNo: getU32(buf, off), queueId: getU32(buf, off + 4), txBytes: getU64(buf, off + 8),
    txPackets: getU64(buf, off + 16), txErrors: getU64(buf, off + 24),
    durationSec: getU32(buf, off + 32), durationNsec: getU32(buf, off + 36),
  }),
  (s, buf, off) => {
    putFieldU32(buf, off, s.portNo, 'queueStats.portNo');
    putFieldU32(buf, off + 4, s.queueId, 'queueStats.queueId');
    putFieldU64(buf, off + 8, s.txBytes, 'queueStats.txBytes');
    putFieldU64(buf, off + 16, s.txPackets, 'queueStats.txPackets');
    putFieldU64(buf, off + 24, s.txErrors, 'queueStats.txErrors');
    putFieldU32(buf, off + 32, s.durationSec, 'queueStats.durationSec');
    putFieldU32(buf, off + 36, s.durationNsec, 'queueStats.durationNsec');
  },
  failLength, 'queue stats');

/** The PORT_DESC reply: ofp_port records. */
export const portDescReplyBody: BodyCodec<Port[]> = fixedRecordList(PORT_LEN, decodePort,
  (port, buf, off) => { writePort(port, buf, off); }, failLength, 'port desc');

/** ofp_experimenter_multipart_header then opaque data. */
export const experimenterBody: BodyCodec<ExperimenterMultipart> = {
  decode(buf, start, end) {
    if (end - start < 8) failLength(`experimenter multipart body of ${end - start} bytes`, start);
    return { experimenter: getU32(buf, start), expType: getU32(buf, start + 4), data: buf.subarray(start + 8, end) };
  },
  length: (b) => 8 + b.data.length,
  write(b, buf, off) {
    putFieldU32(buf, off, b.experimenter, 'experimenterMultipart.experimenter');
    putFieldU32(buf, off + 4, b.expType, 'experimenterMultipart.expType');
    return off + 8 + b.data.copy(buf, off + 8);
  },
};

/** A body that must be empty (requests such as DESC, TABLE, PORT_DESC). */
export const emptyBody: BodyCodec<undefined> = {
  decode(_buf, start, end) {
    if (end !== start) failLength(`body must be empty, has ${end - start} bytes`, start);
    return undefined;
  },
  length: () => 0,
  write: (_b, _buf, off) => off,
};
