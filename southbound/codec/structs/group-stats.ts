// Group multipart bodies (spec 7.3.5.9-7.3.5.11): ofp_group_stats with its bucket
// counters, ofp_group_desc with its buckets, ofp_group_features.

import type { BucketCounter, GroupDesc, GroupFeatures, GroupStats } from '../types';
import { failLength } from '../fail';
import { bucketsLength, decodeBuckets, writeBuckets } from './bucket';
import { decodeLengthPrefixed, fixedRecord, type BodyCodec } from './list';
import { getU32, getU64, putU16, putU32, putU8 } from '../bytes';
import { putFieldU32, putFieldU64, putFieldU8 } from '../checked-put';

const GROUP_STATS_LEN = 40;
const COUNTER_LEN = 16;
const GROUP_DESC_LEN = 8;

function decodeCounters(buf: Buffer, start: number, end: number): BucketCounter[] {
  const list: BucketCounter[] = [];
  for (let p = start; p < end; p += COUNTER_LEN) {
    list.push({ packetCount: getU64(buf, p), byteCount: getU64(buf, p + 8) });
  }
  return list;
}

function writeCounters(list: readonly BucketCounter[], buf: Buffer, off: number): number {
  let p = off;
  for (const c of list) {
    putFieldU64(buf, p, c.packetCount, 'bucketCounter.packetCount');
    putFieldU64(buf, p + 8, c.byteCount, 'bucketCounter.byteCount');
    p += COUNTER_LEN;
  }
  return p;
}

export const groupStatsReplyBody: BodyCodec<GroupStats[]> = {
  decode: (buf, start, end) => decodeLengthPrefixed(buf, start, end, {
    lengthAt: 0, min: GROUP_STATS_LEN, align: 8, what: 'group stats entry', onBadLength: failLength,
    decodeOne(b, off, len) {
      if ((len - GROUP_STATS_LEN) % COUNTER_LEN !== 0) failLength(`group stats length ${len} leaves a partial bucket counter`, off);
      return {
        groupId: getU32(b, off + 4), refCount: getU32(b, off + 8), packetCount: getU64(b, off + 16),
        byteCount: getU64(b, off + 24), durationSec: getU32(b, off + 32), durationNsec: getU32(b, off + 36),
        bucketStats: decodeCounters(b, off + GROUP_STATS_LEN, off + len),
      };
    },
  }),
  length: (list) => list.reduce((n, s) => n + GROUP_STATS_LEN + COUNTER_LEN * s.bucketStats.length, 0),
  write(list, buf, off) {
    let p = off;
    for (const s of list) {
      const end = writeCounters(s.bucketStats, buf, p + GROUP_STATS_LEN);
      putU16(buf, p, end - p);
      putU16(buf, p + 2, 0);
      putFieldU32(buf, p + 4, s.groupId, 'groupStats.groupId');
      putFieldU32(buf, p + 8, s.refCount, 'groupStats.refCount');
      putU32(buf, p + 12, 0);
      putFieldU64(buf, p + 16, s.packetCount, 'groupStats.packetCount');
      putFieldU64(buf, p + 24, s.byteCount, 'groupStats.byteCount');
      putFieldU32(buf, p + 32, s.durationSec, 'groupStats.durationSec');
      putFieldU32(buf, p + 36, s.durationNsec, 'groupStats.durationNsec');
      p = end;
    }
    return p;
  },
};

export const groupDescReplyBody: BodyCodec<GroupDesc[]> = {
  decode: (buf, start, end) => decodeLengthPrefixed(buf, start, end, {
    lengthAt: 0, min: GROUP_DESC_LEN, align: 8, what: 'group desc entry', onBadLength: failLength,
    decodeOne: (b, off, len) => ({
      groupType: b[off + 2], groupId: getU32(b, off + 4), buckets: decodeBuckets(b, off + GROUP_DESC_LEN, off + len),
    }),
  }),
  length: (list) => list.reduce((n, d) => n + GROUP_DESC_LEN + bucketsLength(d.buckets), 0),
  write(list, buf, off) {
    let p = off;
    for (const d of list) {
      const end = writeBuckets(d.buckets, buf, p + GROUP_DESC_LEN);
      putU16(buf, p, end - p);
      putFieldU8(buf, p + 2, d.groupType, 'groupDesc.groupType');
      putU8(buf, p + 3, 0);
      putFieldU32(buf, p + 4, d.groupId, 'groupDesc.groupId');
      p = end;
    }
    return p;
  },
};

/** ofp_group_features: types, capabilities, max_groups[4], actions[4] (40 bytes). */
export const groupFeaturesReplyBody: BodyCodec<GroupFeatures> = fixedRecord(40,
  (buf, off) => {
    const four = (o: number): [number, number, number, number] =>
      [getU32(buf, o), getU32(buf, o + 4), getU32(buf, o + 8), getU32(buf, o + 12)];
    return { types: getU32(buf, off), capabilities: getU32(buf, off + 4), maxGroups: four(off + 8), actions: four(off + 24) };
  },
  (f, buf, off) => {
    putFieldU32(buf, off, f.types, 'groupFeatures.types');
    putFieldU32(buf, off + 4, f.capabilities, 'groupFeatures.capabilities');
    for (let i = 0; i < 4; i++) {
      putFieldU32(buf, off + 8 + 4 * i, f.maxGroups[i], 'groupFeatures.maxGroups');
      putFieldU32(buf, off + 24 + 4 * i, f.actions[i], 'groupFeatures.actions');
    }
  },
  failLength, 'group features');
