// Shared shape of multipart bodies and nested lists: a body codec decodes buf[start,end)
// completely and writes itself returning the offset after it.

import { getU16 } from '../bytes';

export interface BodyCodec<B> {
  decode(buf: Buffer, start: number, end: number): B;
  length(body: B): number;
  /** Writes at `off`; returns the offset after the body. */
  write(body: B, buf: Buffer, off: number): number;
}

/** A body that is an array of fixed-size records (e.g. ofp_port, ofp_table_stats). */
export function fixedRecordList<T>(
  size: number,
  decodeOne: (buf: Buffer, off: number) => T,
  writeOne: (item: T, buf: Buffer, off: number) => void,
  onBadLength: (what: string, offset: number) => never,
  what: string,
): BodyCodec<T[]> {
  return {
    decode(buf, start, end) {
      if ((end - start) % size !== 0) onBadLength(`${what} body of ${end - start} bytes is not a multiple of ${size}`, start);
      const items: T[] = [];
      for (let p = start; p < end; p += size) items.push(decodeOne(buf, p));
      return items;
    },
    length: (items) => items.length * size,
    write(items, buf, off) {
      let p = off;
      for (const item of items) {
        writeOne(item, buf, p);
        p += size;
      }
      return p;
    },
  };
}

/** A body that is exactly one fixed-size record. */
export function fixedRecord<T>(
  size: number,
  decodeOne: (buf: Buffer, off: number) => T,
  writeOne: (item: T, buf: Buffer, off: number) => void,
  onBadLength: (what: string, offset: number) => never,
  what: string,
): BodyCodec<T> {
  return {
    decode(buf, start, end) {
      if (end - start !== size) onBadLength(`${what} body must be ${size} bytes, got ${end - start}`, start);
      return decodeOne(buf, start);
    },
    length: () => size,
    write(item, buf, off) {
      writeOne(item, buf, off);
      return off + size;
    },
  };
}

/** Walks records that start with a 16-bit length at `lengthAt` within each record:
 * checks minimum, alignment and the parent bound, then hands each record to `decodeOne`. */
export function decodeLengthPrefixed<T>(
  buf: Buffer, start: number, end: number, opts: {
    lengthAt: number; min: number; align: number; what: string;
    onBadLength: (what: string, offset: number) => never;
    decodeOne: (buf: Buffer, off: number, len: number) => T;
  },
): T[] {
  const items: T[] = [];
  let p = start;
  while (p < end) {
    if (p + opts.lengthAt + 2 > end) opts.onBadLength(`${opts.what} length field past the end of its parent`, p);
    const len = getU16(buf, p + opts.lengthAt);
    if (len < opts.min) opts.onBadLength(`${opts.what} length ${len} below ${opts.min}`, p);
    if (len % opts.align !== 0) opts.onBadLength(`${opts.what} length ${len} not a multiple of ${opts.align}`, p);
    if (p + len > end) opts.onBadLength(`${opts.what} length ${len} past the end of its parent`, p);
    items.push(opts.decodeOne(buf, p, len));
    p += len;
  }
  return items;
}
