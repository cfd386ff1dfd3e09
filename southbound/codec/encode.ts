// encodeMessage / encodedLength / encodeMessageInto: compute the length first, then
// write header and body into one buffer (callers may batch many messages in one).
// Writing checks every caller-supplied integer against its field (checked-put.ts) and
// throws OfEncodeError naming it; encodedLength only sizes, so it checks lengths alone.

import type { OfMessage } from './types';
import { OfEncodeError } from './errors';
import { codecForMessage } from './registry';
import { writeHeader } from './header';
import { checkUintBits, failField } from './checked-put';

const OFP_VERSION = 4;
const MAX_LEN = 0xffff;

function codecOf(msg: OfMessage): { ofpt: number; codec: { length(m: OfMessage): number; write(m: OfMessage, b: Buffer, o: number): void } } {
  const entry = codecForMessage(msg);
  if (entry === undefined) throw new OfEncodeError(`unknown message type ${String((msg as { type: unknown }).type)}`);
  return entry;
}

/** Checks xid (u32) and a HELLO's own version (u8), then writes the 8-byte header. */
function writeCheckedHeader(msg: OfMessage, buf: Buffer, off: number, ofpt: number, length: number): void {
  const xid = msg.xid;
  if (typeof xid !== 'number' || (xid >>> 0) !== xid) failField(`${msg.type}.xid`, xid, 32, 'number');
  const version = msg.type === 'HELLO' && msg.version !== undefined
    ? checkUintBits(msg.version, 0xff, 8, 'HELLO.version')
    : OFP_VERSION;
  writeHeader(buf, off, version, ofpt, length, xid);
}

/** Size in bytes of the encoded message. */
export function encodedLength(msg: OfMessage): number {
  const length = codecOf(msg).codec.length(msg);
  if (length > MAX_LEN) throw new OfEncodeError(`${msg.type} would be ${length} bytes, above the 65535 limit`);
  return length;
}

/** Writes the message at `offset`; returns the number of bytes written. Every byte of
 * the message is written (padding included), so `buf` may hold old data. When it throws
 * OfEncodeError for a value, buf[offset, offset + length) may already be partly written:
 * the caller must not send those bytes. */
export function encodeMessageInto(msg: OfMessage, buf: Buffer, offset: number): number {
  const { ofpt, codec } = codecOf(msg);
  const length = codec.length(msg);
  if (length > MAX_LEN) throw new OfEncodeError(`${msg.type} would be ${length} bytes, above the 65535 limit`);
  if (offset < 0 || offset + length > buf.length) throw new OfEncodeError(`${length}-byte ${msg.type} does not fit at offset ${offset}`);
  writeCheckedHeader(msg, buf, offset, ofpt, length);
  codec.write(msg, buf, offset);
  return length;
}

export function encodeMessage(msg: OfMessage): Buffer {
  const { ofpt, codec } = codecOf(msg);
  const length = codec.length(msg);
  if (length > MAX_LEN) throw new OfEncodeError(`${msg.type} would be ${length} bytes, above the 65535 limit`);
  const buf = Buffer.allocUnsafe(length);
  writeCheckedHeader(msg, buf, 0, ofpt, length);
  codec.write(msg, buf, 0);
  return buf;
}
