// Splits a TCP byte stream into OpenFlow frames using the header's length field
// (spec 7.1). Frames come back as views into the received chunk when they lie inside
// one; only a frame spanning chunks is copied.

import { OfDecodeError, OFPET_BAD_REQUEST } from './errors';
import { OFPBRC_BAD_LEN } from './error-codes';

const HEADER_LEN = 8;

export class OfFramer {
  private chunks: Buffer[] = [];
  /** Index of the first live chunk in `chunks` (consumed ones are dropped lazily). */
  private first = 0;
  /** Read position inside chunks[first]. */
  private head = 0;
  private buffered = 0;
  private failure: OfDecodeError | null = null;

  constructor(private readonly maxMessageLen = 0xffff) {}

  get bufferedBytes(): number {
    return this.buffered;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** A copy of up to `max` buffered bytes from the read position (what follows a
   * frame the framer refused, for the data of the ERROR answering it). */
  peek(max: number): Buffer {
    const out = Buffer.allocUnsafe(Math.min(max, this.buffered));
    let copied = 0;
    let pos = this.head;
    for (let c = this.first; copied < out.length; c++) {
      copied += this.chunks[c].copy(out, copied, pos, pos + out.length - copied);
      pos = 0;
    }
    return out;
  }

  /** The next complete frame, or null until enough bytes arrived. Throws OfDecodeError
   * on an impossible length; the stream cannot be resynchronised after that. */
  next(): Buffer | null {
    if (this.failure) throw this.failure;
    if (this.buffered < HEADER_LEN) return null;
    const length = (this.byteAt(2) << 8) | this.byteAt(3);
    if (length < HEADER_LEN) this.fail('BAD_LENGTH', `message length ${length} below the 8-byte header`);
    if (length > this.maxMessageLen) this.fail('TOO_LONG', `message length ${length} above the maximum ${this.maxMessageLen}`);
    if (this.buffered < length) return null;
    const chunk = this.chunks[this.first];
    let frame: Buffer;
    if (chunk.length - this.head >= length) {
      frame = chunk.subarray(this.head, this.head + length);
      this.advance(length);
    } else {
      frame = Buffer.allocUnsafe(length);
      let copied = 0;
      while (copied < length) {
        const c = this.chunks[this.first];
        const n = Math.min(c.length - this.head, length - copied);
        c.copy(frame, copied, this.head, this.head + n);
        copied += n;
        this.advance(n);
      }
    }
    return frame;
  }

  /** Moves the read position forward by n bytes within the current chunk. */
  private advance(n: number): void {
    this.head += n;
    this.buffered -= n;
    if (this.head === this.chunks[this.first].length) {
      this.first++;
      this.head = 0;
      if (this.first === this.chunks.length) {
        this.chunks = [];
        this.first = 0;
      } else if (this.first >= 64) {
        this.chunks = this.chunks.slice(this.first);
        this.first = 0;
      }
    }
  }

  /** Byte `i` of the buffered stream (i < 8, so the walk is short). */
  private byteAt(i: number): number {
    let c = this.first;
    let pos = this.head + i;
    while (pos >= this.chunks[c].length) {
      pos -= this.chunks[c].length;
      c++;
    }
    return this.chunks[c][pos];
  }

  private fail(code: 'BAD_LENGTH' | 'TOO_LONG', message: string): never {
    const xid = this.buffered >= HEADER_LEN
      ? ((this.byteAt(4) << 24) | (this.byteAt(5) << 16) | (this.byteAt(6) << 8) | this.byteAt(7)) >>> 0
      : undefined;
    this.failure = new OfDecodeError(code, message, OFPET_BAD_REQUEST, OFPBRC_BAD_LEN, 0, xid);
    throw this.failure;
  }
}
