// ofp_header (spec 7.1): version, type, length, xid.

import { getU16, getU32, putU16, putU32 } from './bytes';

export interface OfHeader { version: number; type: number; length: number; xid: number }

/** Reads the 8-byte header at `offset`; null when fewer than 8 bytes are there. */
export function readHeader(buf: Buffer, offset = 0): OfHeader | null {
  if (offset < 0 || offset + 8 > buf.length) return null;
  return { version: buf[offset], type: buf[offset + 1], length: getU16(buf, offset + 2), xid: getU32(buf, offset + 4) };
}

export function writeHeader(buf: Buffer, off: number, version: number, type: number, length: number, xid: number): void {
  buf[off] = version;
  buf[off + 1] = type;
  putU16(buf, off + 2, length);
  putU32(buf, off + 4, xid); // the encoder checked it is a u32
}
