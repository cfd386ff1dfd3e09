// Stores for values that come from the caller's message object. Each one first checks
// that the value is an integer of the field's JS type (number up to 32 bits, bigint for
// 64) inside the field's range, and throws OfEncodeError naming the field otherwise;
// bytes.ts's raw stores would write it modulo the field width, i.e. silently send
// another value. The check is one typeof plus one integer compare, so it costs a few ns
// on the hot path; the message text is only built when a check fails.
//
// `field` is a constant string ('FLOW_MOD.priority'), never built per call.

import { OfEncodeError } from './errors';
import { putU16, putU32, putU64 } from './bytes';

const U64_MAX = 0xffffffffffffffffn;

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'bigint') return `${v}n`;
  return String(v);
}

/** Throws the OfEncodeError for a value that failed its field check. */
export function failField(field: string, v: unknown, bits: number, want: 'number' | 'bigint'): never {
  if (typeof v !== want) throw new OfEncodeError(`${field}: needs a ${want}, got ${show(v)} (a ${typeof v})`);
  if (typeof v === 'number' && !Number.isInteger(v)) throw new OfEncodeError(`${field}: ${show(v)} is not an integer`);
  throw new OfEncodeError(`${field}: ${show(v)} does not fit in ${bits} bits`);
}

// `(v & max) === v` is false for NaN, fractions, negatives, values above max and any
// non-number (a string '5' is not === 5); the typeof guard comes first because `&` on a
// bigint throws TypeError. For 32 bits `>>> 0` plays the same role (`&` is signed).

export function putFieldU8(buf: Uint8Array, off: number, v: number, field: string): void {
  if (typeof v !== 'number' || (v & 0xff) !== v) failField(field, v, 8, 'number');
  buf[off] = v;
}

export function putFieldU16(buf: Uint8Array, off: number, v: number, field: string): void {
  if (typeof v !== 'number' || (v & 0xffff) !== v) failField(field, v, 16, 'number');
  putU16(buf, off, v);
}

export function putFieldU32(buf: Uint8Array, off: number, v: number, field: string): void {
  if (typeof v !== 'number' || (v >>> 0) !== v) failField(field, v, 32, 'number');
  putU32(buf, off, v);
}

export function putFieldU64(buf: Uint8Array, off: number, v: bigint, field: string): void {
  if (typeof v !== 'bigint' || v < 0n || v > U64_MAX) failField(field, v, 64, 'bigint');
  putU64(buf, off, v);
}

/** Checks a number against a field narrower than its bytes (OXM vlan_vid: 13 bits in
 * 2 bytes); `max` is 2^bits - 1. */
export function checkUintBits(v: unknown, max: number, bits: number, field: string): number {
  if (typeof v !== 'number' || (max === 0xffffffff ? (v >>> 0) !== v : (v & max) !== v)) failField(field, v, bits, 'number');
  return v;
}
