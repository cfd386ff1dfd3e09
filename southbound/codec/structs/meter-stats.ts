// Meter multipart bodies (spec 7.3.5.12-7.3.5.14): ofp_meter_stats with per-band
// counters, ofp_meter_config with its bands, ofp_meter_features.

import type { MeterBandStats, MeterConfig, MeterFeatures, MeterStats } from '../types';
import { failLength } from '../fail';
import { zeroFill } from '../wire-util';
import { bandsLength, decodeBands, writeBands } from './meter-band';
import { decodeLengthPrefixed, fixedRecord, type BodyCodec } from './list';
import { getU16, getU32, getU64, putU16 } from '../bytes';
import { putFieldU16, putFieldU32, putFieldU64, putFieldU8 } from '../checked-put';

const METER_STATS_LEN = 40;
const BAND_STATS_LEN = 16;
const METER_CONFIG_LEN = 8;

function decodeBandStats(buf: Buffer, start: number, end: number): MeterBandStats[] {
  const list: MeterBandStats[] = [];
  for (let p = start; p < end; p += BAND_STATS_LEN) {
    list.push({ packetBandCount: getU64(buf, p), byteBandCount: getU64(buf, p + 8) });
  }
  return list;
}

/** ofp_meter_stats: note its length field sits at offset 4, after meter_id. */
export const meterStatsReplyBody: BodyCodec<MeterStats[]> = {
  decode: (buf, start, end) => decodeLengthPrefixed(buf, start, end, {
    lengthAt: 4, min: METER_STATS_LEN, align: 8, what: 'meter stats entry', onBadLength: failLength,
    decodeOne(b, off, len) {
      if ((len - METER_STATS_LEN) % BAND_STATS_LEN !== 0) failLength(`meter stats length ${len} leaves a partial band counter`, off);
      return {
        meterId: getU32(b, off), flowCount: getU32(b, off + 12), packetInCount: getU64(b, off + 16),
        byteInCount: getU64(b, off + 24), durationSec: getU32(b, off + 32), durationNsec: getU32(b, off + 36),
        bandStats: decodeBandStats(b, off + METER_STATS_LEN, off + len),
      };
    },
  }),
  length: (list) => list.reduce((n, s) => n + METER_STATS_LEN + BAND_STATS_LEN * s.bandStats.length, 0),
  write(list, buf, off) {
    let p = off;
    for (const s of list) {
      const len = METER_STATS_LEN + BAND_STATS_LEN * s.bandStats.length;
      putFieldU32(buf, p, s.meterId, 'meterStats.meterId');
      putU16(buf, p + 4, len);
      zeroFill(buf, p + 6, p + 12);
      putFieldU32(buf, p + 12, s.flowCount, 'meterStats.flowCount');
      putFieldU64(buf, p + 16, s.packetInCount, 'meterStats.packetInCount');
      putFieldU64(buf, p + 24, s.byteInCount, 'meterStats.byteInCount');
      putFieldU32(buf, p + 32, s.durationSec, 'meterStats.durationSec');
      putFieldU32(buf, p + 36, s.durationNsec, 'meterStats.durationNsec');
      let q = p + METER_STATS_LEN;
      for (const b of s.bandStats) {
        putFieldU64(buf, q, b.packetBandCount, 'meterBandStats.packetBandCount');
        putFieldU64(buf, q + 8, b.byteBandCount, 'meterBandStats.byteBandCount');
        q += BAND_STATS_LEN;
      }
      p += len;
    }
    return p;
  },
};

export const meterConfigReplyBody: BodyCodec<MeterConfig[]> = {
  decode: (buf, start, end) => decodeLengthPrefixed(buf, start, end, {
    lengthAt: 0, min: METER_CONFIG_LEN, align: 8, what: 'meter config entry', onBadLength: failLength,
    decodeOne: (b, off, len) => ({
      flags: getU16(b, off + 2), meterId: getU32(b, off + 4), bands: decodeBands(b, off + METER_CONFIG_LEN, off + len),
    }),
  }),
  length: (list) => list.reduce((n, c) => n + METER_CONFIG_LEN + bandsLength(c.bands), 0),
  write(list, buf, off) {
    let p = off;
    for (const c of list) {
      const end = writeBands(c.bands, buf, p + METER_CONFIG_LEN);
      putU16(buf, p, end - p);
      putFieldU16(buf, p + 2, c.flags, 'meterConfig.flags');
      putFieldU32(buf, p + 4, c.meterId, 'meterConfig.meterId');
      p = end;
    }
    return p;
  },
};

/** ofp_meter_features: 16 bytes. */
export const meterFeaturesReplyBody: BodyCodec<MeterFeatures> = fixedRecord(16,
  (buf, off) => ({
    maxMeter: getU32(buf, off), bandTypes: getU32(buf, off + 4), capabilities: getU32(buf, off + 8),
    maxBands: buf[off + 12], maxColor: buf[off + 13],
  }),
  (f, buf, off) => {
    putFieldU32(buf, off, f.maxMeter, 'meterFeatures.maxMeter');
    putFieldU32(buf, off + 4, f.bandTypes, 'meterFeatures.bandTypes');
    putFieldU32(buf, off + 8, f.capabilities, 'meterFeatures.capabilities');
    putFieldU8(buf, off + 12, f.maxBands, 'meterFeatures.maxBands');
    putFieldU8(buf, off + 13, f.maxColor, 'meterFeatures.maxColor');
    putU16(buf, off + 14, 0);
  },
  failLength, 'meter features');
