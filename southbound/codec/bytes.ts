// Big-endian integer stores for the encoder, and a 64-bit load for the decoder.
// Buffer's writeUInt*BE/writeBigUInt64BE validate every call and the bigint one splits
// the value with several BigInt operations (about 200 ns); these plain typed-array
// stores cost a few ns. Values are written modulo their field width, so these stores
// are only for values the encoder computes itself (lengths, type codes, padding);
// caller-supplied values go through checked-put.ts. The encoder always sizes its
// buffer first, so every store is in bounds.

const scratch64 = new BigUint64Array(1);
const scratchBytes = new Uint8Array(scratch64.buffer);
/** Whether the host stores scratch64 little-endian (byte 0 is least significant). */
const HOST_LE = (() => {
  scratch64[0] = 1n;
  return scratchBytes[0] === 1;
})();

export function putU8(buf: Uint8Array, off: number, v: number): void {
  buf[off] = v;
}

export function putU16(buf: Uint8Array, off: number, v: number): void {
  buf[off] = v >>> 8;
  buf[off + 1] = v;
}

export function putU24(buf: Uint8Array, off: number, v: number): void {
  buf[off] = v >>> 16;
  buf[off + 1] = v >>> 8;
  buf[off + 2] = v;
}

export function putU32(buf: Uint8Array, off: number, v: number): void {
  buf[off] = v >>> 24;
  buf[off + 1] = v >>> 16;
  buf[off + 2] = v >>> 8;
  buf[off + 3] = v;
}

export function putU64(buf: Uint8Array, off: number, v: bigint): void {
  scratch64[0] = v;
  if (HOST_LE) {
    for (let i = 0; i < 8; i++) buf[off + i] = scratchBytes[7 - i];
  } else {
    for (let i = 0; i < 8; i++) buf[off + i] = scratchBytes[i];
  }
}

/** Reads a big-endian u64 (one BigInt allocation instead of Buffer's several). Throws
 * RangeError past the end like Buffer's readers, although callers check bounds first. */
export function getU64(buf: Uint8Array, off: number): bigint {
  if (off < 0 || off + 8 > buf.length) throw new RangeError(`u64 read at ${off} past ${buf.length}`);
  // Zero (a common cookie mask, metadata, counter) needs no allocation at all.
  if ((buf[off] | buf[off + 1] | buf[off + 2] | buf[off + 3] | buf[off + 4] | buf[off + 5] | buf[off + 6] | buf[off + 7]) === 0) return 0n;
  if (HOST_LE) {
    for (let i = 0; i < 8; i++) scratchBytes[7 - i] = buf[off + i];
  } else {
    for (let i = 0; i < 8; i++) scratchBytes[i] = buf[off + i];
  }
  return scratch64[0];
}

// Unchecked big-endian loads for the decoders (Buffer's readers validate each call and
// cost 2-3x more). Every decoder checks a structure's bounds before reading it; this
// matters because past the end a typed array yields undefined (read as 0) instead of
// throwing. The robustness tests guard it: whatever decodes must re-encode to exactly
// the frame's length, which a structure read past its frame could not.

export function getU16(buf: Uint8Array, off: number): number {
  return (buf[off] << 8) | buf[off + 1];
}

export function getU32(buf: Uint8Array, off: number): number {
  return ((buf[off] << 24) | (buf[off + 1] << 16) | (buf[off + 2] << 8) | buf[off + 3]) >>> 0;
}
