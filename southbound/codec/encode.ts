// encodeMessage / encodedLength / encodeMessageInto: compute the length first, then
// write header and body into one buffer (callers may batch many messages in one).

import type { OfMessage } from './types';
import { OfEncodeError } from './errors';
import { codecForMessage } from './registry';
import { writeHeader } from './header';

const OFP_VERSION = 4;
const MAX_LEN = 0xffff;

function codecOf(msg: OfMessage): { ofpt: number; codec: { length(m: OfMessage): number; write(m: OfMessage, b: Buffer, o: number): void } } {
  const entry = codecForMessage(msg);
  if (entry === undefined) throw new OfEncodeError(`unknown message type ${String((msg as { type: unknown }).type)}`);
  return entry;
}

/** Size in bytes of the encoded message. */
export function encodedLength(msg: OfMessage): number {
  const length = codecOf(msg).codec.length(msg);
  if (length > MAX_LEN) throw new OfEncodeError(`${msg.type} would be ${length} bytes, above the 65535 limit`);
  return length;
}

/** Writes the message at `offset`; returns the number of bytes written. Every byte of
 * the message is written (padding included), so `buf` may hold old data. */
export function encodeMessageInto(msg: OfMessage, buf: Buffer, offset: number): number {
  const { ofpt, codec } = codecOf(msg);
  const length = codec.length(msg);
  if (length > MAX_LEN) throw new OfEncodeError(`${msg.type} would be ${length} bytes, above the 65535 limit`);
  if (offset < 0 || offset + length > buf.length) throw new OfEncodeError(`${length}-byte ${msg.type} does not fit at offset ${offset}`);
  const version = msg.type === 'HELLO' && msg.version !== undefined ? msg.version : OFP_VERSION;
  writeHeader(buf, offset, version, ofpt, length, msg.xid);
  codec.write(msg, buf, offset);
  return length;
}

export function encodeMessage(msg: OfMessage): Buffer {
  const { ofpt, codec } = codecOf(msg);
  const length = codec.length(msg);
  if (length > MAX_LEN) throw new OfEncodeError(`${msg.type} would be ${length} bytes, above the 65535 limit`);
  const buf = Buffer.allocUnsafe(length);
  const version = msg.type === 'HELLO' && msg.version !== undefined ? msg.version : OFP_VERSION;
  writeHeader(buf, 0, version, ofpt, length, msg.xid);
  codec.write(msg, buf, 0);
  return buf;
}
