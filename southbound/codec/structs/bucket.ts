// ofp_bucket (spec 7.3.4.3): len, weight, watch_port, watch_group, 4 pad bytes, actions.

import type { Bucket } from '../types';
import { actionsLength, decodeActions, writeActions } from '../actions';
import { failLength } from '../fail';
import { decodeLengthPrefixed } from './list';
import { getU16, getU32, putU16, putU32 } from '../bytes';
import { putFieldU16, putFieldU32 } from '../checked-put';

export const BUCKET_HEADER_LEN = 16;

/** Decodes the buckets filling exactly buf[start, end). */
export function decodeBuckets(buf: Buffer, start: number, end: number): Bucket[] {
  return decodeLengthPrefixed(buf, start, end, {
    lengthAt: 0, min: BUCKET_HEADER_LEN, align: 8, what: 'bucket', onBadLength: failLength,
    decodeOne: (b, off, len) => ({
      weight: getU16(b, off + 2), watchPort: getU32(b, off + 4), watchGroup: getU32(b, off + 8),
      actions: decodeActions(b, off + BUCKET_HEADER_LEN, off + len),
    }),
  });
}

export function bucketsLength(buckets: readonly Bucket[]): number {
  let n = 0;
  for (const b of buckets) n += BUCKET_HEADER_LEN + actionsLength(b.actions);
  return n;
}

/** Writes buckets at `off`; returns the offset after them. */
export function writeBuckets(buckets: readonly Bucket[], buf: Buffer, off: number): number {
  let p = off;
  for (const b of buckets) {
    const end = writeActions(b.actions, buf, p + BUCKET_HEADER_LEN);
    putU16(buf, p, end - p);
    putFieldU16(buf, p + 2, b.weight, 'bucket.weight');
    putFieldU32(buf, p + 4, b.watchPort, 'bucket.watchPort');
    putFieldU32(buf, p + 8, b.watchGroup, 'bucket.watchGroup');
    putU32(buf, p + 12, 0);
    p = end;
  }
  return p;
}
