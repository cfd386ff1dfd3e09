// Flow statistics (spec 7.3.5.2, 7.3.5.3): the request body shared by FLOW and
// AGGREGATE, the ofp_flow_stats entries of a FLOW reply and the aggregate reply.

import type { AggregateStats, FlowStats, FlowStatsRequestBody } from '../types';
import { decodeMatch, matchSpan, readMatchSpan, writeMatch } from '../oxm';
import { decodeInstructions, instructionsLength, writeInstructions } from '../instructions';
import { failLength } from '../fail';
import { zeroFill } from '../wire-util';
import { decodeLengthPrefixed, fixedRecord, type BodyCodec } from './list';

/** ofp_flow_stats_request: 32 fixed bytes then the match (the body's last part). */
export const flowStatsRequestBody: BodyCodec<FlowStatsRequestBody> = {
  decode(buf, start, end) {
    if (end - start < 40) failLength(`flow stats request body of ${end - start} bytes`, start);
    const span = readMatchSpan(buf, start + 32, end);
    if (start + 32 + span !== end) failLength('flow stats request has bytes after its match', start + 32 + span);
    return {
      tableId: buf[start], outPort: buf.readUInt32BE(start + 4), outGroup: buf.readUInt32BE(start + 8),
      cookie: buf.readBigUInt64BE(start + 16), cookieMask: buf.readBigUInt64BE(start + 24), match: decodeMatch(buf, start + 32),
    };
  },
  length: (body) => 32 + matchSpan(body.match),
  write(body, buf, off) {
    buf.writeUInt8(body.tableId, off);
    zeroFill(buf, off + 1, off + 4);
    buf.writeUInt32BE(body.outPort, off + 4);
    buf.writeUInt32BE(body.outGroup, off + 8);
    buf.writeUInt32BE(0, off + 12);
    buf.writeBigUInt64BE(body.cookie, off + 16);
    buf.writeBigUInt64BE(body.cookieMask, off + 24);
    return writeMatch(body.match, buf, off + 32);
  },
};

function decodeFlowStats(buf: Buffer, off: number, len: number): FlowStats {
  const end = off + len;
  const instructionsStart = off + 48 + readMatchSpan(buf, off + 48, end);
  return {
    tableId: buf[off + 2], durationSec: buf.readUInt32BE(off + 4), durationNsec: buf.readUInt32BE(off + 8),
    priority: buf.readUInt16BE(off + 12), idleTimeout: buf.readUInt16BE(off + 14), hardTimeout: buf.readUInt16BE(off + 16),
    flags: buf.readUInt16BE(off + 18), cookie: buf.readBigUInt64BE(off + 24), packetCount: buf.readBigUInt64BE(off + 32),
    byteCount: buf.readBigUInt64BE(off + 40), match: decodeMatch(buf, off + 48),
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
      buf.writeUInt8(s.tableId, p + 2);
      buf.writeUInt8(0, p + 3);
      buf.writeUInt32BE(s.durationSec, p + 4);
      buf.writeUInt32BE(s.durationNsec, p + 8);
      buf.writeUInt16BE(s.priority, p + 12);
      buf.writeUInt16BE(s.idleTimeout, p + 14);
      buf.writeUInt16BE(s.hardTimeout, p + 16);
      buf.writeUInt16BE(s.flags, p + 18);
      buf.writeUInt32BE(0, p + 20);
      buf.writeBigUInt64BE(s.cookie, p + 24);
      buf.writeBigUInt64BE(s.packetCount, p + 32);
      buf.writeBigUInt64BE(s.byteCount, p + 40);
      const end = writeInstructions(s.instructions, buf, writeMatch(s.match, buf, p + 48));
      buf.writeUInt16BE(end - p, p);
      p = end;
    }
    return p;
  },
};

/** ofp_aggregate_stats_reply: 24 bytes. */
export const aggregateReplyBody: BodyCodec<AggregateStats> = fixedRecord(24,
  (buf, off) => ({ packetCount: buf.readBigUInt64BE(off), byteCount: buf.readBigUInt64BE(off + 8), flowCount: buf.readUInt32BE(off + 16) }),
  (s, buf, off) => {
    buf.writeBigUInt64BE(s.packetCount, off);
    buf.writeBigUInt64BE(s.byteCount, off + 8);
    buf.writeUInt32BE(s.flowCount, off + 16);
    buf.writeUInt32BE(0, off + 20);
  },
  failLength, 'aggregate stats');
