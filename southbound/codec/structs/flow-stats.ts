// Flow statistics (spec 7.3.5.2, 7.3.5.3): the request body shared by FLOW and
// AGGREGATE, the ofp_flow_stats entries of a FLOW reply and the aggregate reply.

import type { AggregateStats, FlowStats, FlowStatsRequestBody } from '../types';
import { decodeMatch, matchSpan, readMatchSpan, writeMatch } from '../oxm';
import { decodeInstructions, instructionsLength, writeInstructions } from '../instructions';
import { failLength } from '../fail';
import { zeroFill } from '../wire-util';
import { decodeLengthPrefixed, fixedRecord, type BodyCodec } from './list';
import { getU16, getU32, getU64, putU16, putU32, putU8 } from '../bytes';
import { putFieldU16, putFieldU32, putFieldU64, putFieldU8 } from '../checked-put';

/** ofp_flow_stats_request: 32 fixed bytes then the match (the body's last part). */
export const flowStatsRequestBody: BodyCodec<FlowStatsRequestBody> = {
  decode(buf, start, end) {
    if (end - start < 40) failLength(`flow stats request body of ${end - start} bytes`, start);
    const span = readMatchSpan(buf, start + 32, end);
    if (start + 32 + span !== end) failLength('flow stats request has bytes after its match', start + 32 + span);
    return {
      tableId: buf[start], outPort: getU32(buf, start + 4), outGroup: getU32(buf, start + 8),
      cookie: getU64(buf, start + 16), cookieMask: getU64(buf, start + 24), match: decodeMatch(buf, start + 32),
    };
  },
  length: (body) => 32 + matchSpan(body.match),
  write(body, buf, off) {
    putFieldU8(buf, off, body.tableId, 'flowStatsRequest.tableId');
    zeroFill(buf, off + 1, off + 4);
    putFieldU32(buf, off + 4, body.outPort, 'flowStatsRequest.outPort');
    putFieldU32(buf, off + 8, body.outGroup, 'flowStatsRequest.outGroup');
    putU32(buf, off + 12, 0);
    putFieldU64(buf, off + 16, body.cookie, 'flowStatsRequest.cookie');
    putFieldU64(buf, off + 24, body.cookieMask, 'flowStatsRequest.cookieMask');
    return writeMatch(body.match, buf, off + 32);
  },
};

function decodeFlowStats(buf: Buffer, off: number, len: number): FlowStats {
  const end = off + len;
  const instructionsStart = off + 48 + readMatchSpan(buf, off + 48, end);
  return {
    tableId: buf[off + 2], durationSec: getU32(buf, off + 4), durationNsec: getU32(buf, off + 8),
    priority: getU16(buf, off + 12), idleTimeout: getU16(buf, off + 14), hardTimeout: getU16(buf, off + 16),
    flags: getU16(buf, off + 18), cookie: getU64(buf, off + 24), packetCount: getU64(buf, off + 32),
    byteCount: getU64(buf, off + 40), match: decodeMatch(buf, off + 48),
    instructions: decodeInstructions(buf, instructionsStart, end),
  };
}

function flowStatsLength(s: FlowStats): number {
  return 48 + matchSpan(s.match) + instructionsLength(s.instructions);
}

/** ofp_flow_stats entries: each starts with its 16-bit length (min 56, multiple of 8). */
export const flowStatsReplyBody: BodyCodec<FlowStats[]> = {
  decode: (buf, start, end) => decodeLengthPrefixed(buf, start, end, {
    lengthAt: 0, min: 56, align: 8, what: 'flow stats entry', onBadLength: failLength, decodeOne: decodeFlowStats,
  }),
  length(list) {
    let n = 0;
    for (const s of list) n += flowStatsLength(s);
    return n;
  },
  write(list, buf, off) {
    let p = off;
    for (const s of list) {
      putFieldU8(buf, p + 2, s.tableId, 'flowStats.tableId');
      putU8(buf, p + 3, 0);
      putFieldU32(buf, p + 4, s.durationSec, 'flowStats.durationSec');
      putFieldU32(buf, p + 8, s.durationNsec, 'flowStats.durationNsec');
      putFieldU16(buf, p + 12, s.priority, 'flowStats.priority');
      putFieldU16(buf, p + 14, s.idleTimeout, 'flowStats.idleTimeout');
      putFieldU16(buf, p + 16, s.hardTimeout, 'flowStats.hardTimeout');
      putFieldU16(buf, p + 18, s.flags, 'flowStats.flags');
      putU32(buf, p + 20, 0);
      putFieldU64(buf, p + 24, s.cookie, 'flowStats.cookie');
      putFieldU64(buf, p + 32, s.packetCount, 'flowStats.packetCount');
      putFieldU64(buf, p + 40, s.byteCount, 'flowStats.byteCount');
      const end = writeInstructions(s.instructions, buf, writeMatch(s.match, buf, p + 48));
      putU16(buf, p, end - p);
      p = end;
    }
    return p;
  },
};

/** ofp_aggregate_stats_reply: 24 bytes. */
export const aggregateReplyBody: BodyCodec<AggregateStats> = fixedRecord(24,
  (buf, off) => ({ packetCount: getU64(buf, off), byteCount: getU64(buf, off + 8), flowCount: getU32(buf, off + 16) }),
  (s, buf, off) => {
    putFieldU64(buf, off, s.packetCount, 'aggregateStats.packetCount');
    putFieldU64(buf, off + 8, s.byteCount, 'aggregateStats.byteCount');
    putFieldU32(buf, off + 16, s.flowCount, 'aggregateStats.flowCount');
    putU32(buf, off + 20, 0);
  },
  failLength, 'aggregate stats');
