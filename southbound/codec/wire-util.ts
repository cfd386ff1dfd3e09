// Small shared pieces of the wire format: zero padding, NUL-padded fixed-size strings
// and the message-length checks every message decoder starts with.

import { failLength } from './fail';
import type { OfMessage } from './types';

/** Zeroes buf[from, to) (padding is always written, so encodeMessageInto may reuse a
 * dirty buffer); returns `to`. */
export function zeroFill(buf: Buffer, from: number, to: number): number {
  for (let p = from; p < to; p++) buf[p] = 0;
  return to;
}

/** A char[len] field: text up to the first NUL. Latin-1, so every byte maps to one
 * character and back (names on the wire are ASCII in practice). */
export function readFixedString(buf: Buffer, off: number, len: number): string {
  let end = off;
  const limit = off + len;
  while (end < limit && buf[end] !== 0) end++;
  return buf.toString('latin1', off, end);
}

/** Writes text into a char[len] field, truncated to len bytes, NUL padded. */
export function writeFixedString(text: string, buf: Buffer, off: number, len: number): void {
  const written = buf.write(text, off, len, 'latin1');
  zeroFill(buf, off + written, off + len);
}

/** The message must be exactly `length` bytes long. */
export function expectExactLength(frame: Buffer, length: number, what: string): void {
  if (frame.length !== length) failLength(`${what} must be ${length} bytes, got ${frame.length}`, 2);
}

/** The message must be at least `length` bytes long. */
export function expectMinLength(frame: Buffer, length: number, what: string): void {
  if (frame.length < length) failLength(`${what} needs at least ${length} bytes, got ${frame.length}`, 2);
}

/** Decoder and encoder of one message type. `decode` receives exactly one message whose
 * header was checked (header length equals frame.length); `length` is the whole
 * message's size; `write` fills everything after the 8-byte header at `off`. */
export interface MessageCodec<M extends OfMessage> {
  decode(frame: Buffer, xid: number): M;
  length(msg: M): number;
  write(msg: M, buf: Buffer, off: number): void;
}

export const pad8 = (n: number): number => (n + 7) & ~7;
