// OFPT_HELLO (spec 7.5.1) with its element list. Elements are TLVs whose length excludes
// their padding to 8 bytes. A HELLO of another version is decoded too (version
// negotiation, spec 6.3.1): its elements are best effort, since older versions had none.

import type { Hello, HelloElement } from '../types';
import { OfDecodeError } from '../errors';
import { failLength, failTruncated } from '../fail';
import { pad8, zeroFill, type MessageCodec } from '../wire-util';
import { getU16, getU32, putU16 } from '../bytes';
import { putFieldU32 } from '../checked-put';

const HET_VERSIONBITMAP = 1;
const OFP_VERSION = 4;

function decodeElements(frame: Buffer): HelloElement[] {
  const elements: HelloElement[] = [];
  const end = frame.length;
  let p = 8;
  while (p < end) {
    if (p + 4 > end) failTruncated('hello element header', p);
    const type = getU16(frame, p);
    const len = getU16(frame, p + 2);
    if (len < 4) failLength(`hello element length ${len} below 4`, p);
    // The last element's padding may be missing (seen in the wild); tolerate it there.
    if (p + len > end || (p + pad8(len) > end && p + len !== end)) {
      failLength(`hello element length ${len} past the end of the message`, p);
    }
    if (type === HET_VERSIONBITMAP) {
      if ((len & 3) !== 0) failLength(`version bitmap length ${len} not a multiple of 4`, p);
      const bitmaps: number[] = [];
      for (let q = p + 4; q < p + len; q += 4) bitmaps.push(getU32(frame, q));
      elements.push({ type: 'VERSIONBITMAP', bitmaps });
    } else {
      elements.push({ type: 'RAW', elementType: type, raw: frame.subarray(p, p + len) });
    }
    p = Math.min(p + pad8(len), end);
  }
  return elements;
}

function decode(frame: Buffer, xid: number): Hello {
  const version = frame[0];
  if (version === OFP_VERSION) return { type: 'HELLO', xid, elements: decodeElements(frame) };
  let elements: HelloElement[] = [];
  try {
    elements = decodeElements(frame);
  } catch (err) {
    if (!(err instanceof OfDecodeError)) throw err;
  }
  return { type: 'HELLO', xid, version, elements };
}

function elementLength(e: HelloElement): number {
  return e.type === 'VERSIONBITMAP' ? 4 + 4 * e.bitmaps.length : e.raw.length;
}

function length(msg: Hello): number {
  let n = 8;
  for (const e of msg.elements) n += pad8(elementLength(e));
  return n;
}

function write(msg: Hello, buf: Buffer, off: number): void {
  let p = off + 8;
  for (const e of msg.elements) {
    const len = elementLength(e);
    if (e.type === 'VERSIONBITMAP') {
      putU16(buf, p, HET_VERSIONBITMAP);
      putU16(buf, p + 2, len);
      e.bitmaps.forEach((bits, i) => putFieldU32(buf, p + 4 + 4 * i, bits, 'HELLO.bitmaps'));
    } else {
      e.raw.copy(buf, p);
    }
    p = zeroFill(buf, p + len, p + pad8(len));
  }
}

export const helloCodec: MessageCodec<Hello> = { decode, length, write };

/** The versions a VERSIONBITMAP element advertises (bit n of word w = version 32w+n). */
export function versionsInBitmap(bitmaps: readonly number[]): number[] {
  const versions: number[] = [];
  bitmaps.forEach((bits, w) => {
    for (let b = 0; b < 32; b++) if ((bits >>> b) & 1) versions.push(w * 32 + b);
  });
  return versions;
}

/** Bitmap words advertising exactly `versions`. */
export function bitmapForVersions(versions: readonly number[]): number[] {
  const words: number[] = [];
  for (const v of versions) {
    const w = v >>> 5;
    while (words.length <= w) words.push(0);
    words[w] = (words[w] | (1 << (v & 31))) >>> 0;
  }
  return words;
}
