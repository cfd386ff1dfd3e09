// Meter bands (spec 7.3.4.5): type, len, rate, burst_size, then a type-specific tail.
// DROP and DSCP_REMARK are 16 bytes; EXPERIMENTER carries an id and opaque data;
// unknown types are kept whole.

import type { MeterBand } from '../types';
import { failLength } from '../fail';
import { zeroFill } from '../wire-util';
import { decodeLengthPrefixed } from './list';
import { getU16, getU32, putU16, putU32 } from '../bytes';
import { putFieldU32, putFieldU8 } from '../checked-put';

const MBT_DROP = 1, MBT_DSCP_REMARK = 2, MBT_EXPERIMENTER = 0xffff;
const BAND_LEN = 16;

function decodeBand(buf: Buffer, off: number, len: number): MeterBand {
  const type = getU16(buf, off);
  const rate = getU32(buf, off + 4);
  const burstSize = getU32(buf, off + 8);
  switch (type) {
    case MBT_DROP:
      if (len !== BAND_LEN) failLength(`drop band length ${len}`, off);
      return { type: 'DROP', rate, burstSize };
    case MBT_DSCP_REMARK:
      if (len !== BAND_LEN) failLength(`dscp_remark band length ${len}`, off);
      return { type: 'DSCP_REMARK', rate, burstSize, precLevel: buf[off + 12] };
    case MBT_EXPERIMENTER:
      return { type: 'EXPERIMENTER', rate, burstSize, experimenter: getU32(buf, off + 12), data: buf.subarray(off + 16, off + len) };
    default:
      return { type: 'RAW', bandType: type, raw: buf.subarray(off, off + len) };
  }
}

/** Decodes the bands filling exactly buf[start, end); every band is at least 16 bytes
 * and a multiple of 8 long. */
export function decodeBands(buf: Buffer, start: number, end: number): MeterBand[] {
  return decodeLengthPrefixed(buf, start, end, {
    lengthAt: 2, min: BAND_LEN, align: 8, what: 'meter band', onBadLength: failLength, decodeOne: decodeBand,
  });
}

function bandLength(band: MeterBand): number {
  if (band.type === 'EXPERIMENTER') return (BAND_LEN + band.data.length + 7) & ~7;
  if (band.type === 'RAW') return band.raw.length;
  return BAND_LEN;
}

export function bandsLength(bands: readonly MeterBand[]): number {
  let n = 0;
  for (const b of bands) n += bandLength(b);
  return n;
}

/** Writes bands at `off`; returns the offset after them. */
export function writeBands(bands: readonly MeterBand[], buf: Buffer, off: number): number {
  let p = off;
  for (const band of bands) {
    const len = bandLength(band);
    if (band.type === 'RAW') {
      p += band.raw.copy(buf, p);
      continue;
    }
    const code = band.type === 'DROP' ? MBT_DROP : band.type === 'DSCP_REMARK' ? MBT_DSCP_REMARK : MBT_EXPERIMENTER;
    putU16(buf, p, code);
    putU16(buf, p + 2, len);
    putFieldU32(buf, p + 4, band.rate, 'meterBand.rate');
    putFieldU32(buf, p + 8, band.burstSize, 'meterBand.burstSize');
    if (band.type === 'DSCP_REMARK') {
      putU32(buf, p + 12, 0);
      putFieldU8(buf, p + 12, band.precLevel, 'meterBand.precLevel');
    } else if (band.type === 'EXPERIMENTER') {
      putFieldU32(buf, p + 12, band.experimenter, 'meterBand.experimenter');
      zeroFill(buf, p + 16 + band.data.copy(buf, p + 16), p + len);
    } else {
      putU32(buf, p + 12, 0);
    }
    p += len;
  }
  return p;
}
