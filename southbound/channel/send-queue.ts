// Bounded, coalescing send queue of one connection (DESIGN 6: one socket write per
// message tops out near 0.3-0.5 M msgs/s, coalescing reaches about 10 M/s).
//
// Every message is encoded at once into a growing batch buffer (so the caller may
// reuse its message object right after send()), and the batch goes to the socket in
// one write per event-loop turn.
//
// Batches are carved one after another out of a per-queue slab, like Node's own
// Buffer pool: a flush hands the socket a view of the slab and the next batch starts
// right after it. Allocating a fresh 16 KB buffer per write instead made every
// answered PACKET_IN cost 16 KB of ArrayBuffer memory outside the V8 heap; at ~100 k
// writes/s that is ~1.5 GB/s, and V8 answers external-memory growth with full
// Mark-Compacts (one every ~40 ms, 2-4 ms each: the latency p99). Bytes already
// handed to the socket are never written again, so a slab stays alive only while the
// socket still holds a view of it. An idle connection keeps at most one slab.
//
// When the batch leaves (write-flush.ts): at the end of the receive slice whose
// handling queued it (the receive path calls flushPendingWrites), or else in the check
// phase of the same turn through one shared setImmediate. Not process.nextTick: that
// fires after every callback and promise continuation, one write per message again.
// Everything the controller sends in reaction to one slice of input leaves in one
// write per connection.
//
// Backpressure: when the socket's write() returns false we stop writing until
// 'drain'; messages accumulate in the batch. queuedBytes counts the batch plus what
// the socket still buffers. Above `maxBytes` enqueue reports 'overload' (the message
// is still queued); above `hardCapBytes` it is dropped and counted. Memory is bounded.
import type { OfMessage } from '../codec/types';
import type { ChannelStats } from './stats';
import { type Flushable, requestFlush } from './write-flush';

/** The two codec functions the queue needs; injected so it can be tested alone. */
export interface MessageEncoder {
  encodedLength(msg: OfMessage): number;
  encodeMessageInto(msg: OfMessage, buf: Buffer, offset: number): number;
}

/** What the queue writes to: a net.Socket, a TLSSocket or any Duplex. */
export interface ByteSink {
  write(chunk: Buffer): boolean;
  once(event: 'drain', listener: () => void): unknown;
  readonly writableLength: number;
  /** False once the stream ended or was destroyed: writing then only raises errors. */
  readonly writable: boolean;
}

export type EnqueueResult = 'ok' | 'overload' | 'dropped';

const SLAB_BYTES = 16 * 1024;

export class SendQueue implements Flushable {
  /** The current slab; the batch being built is slab[batchStart, batchEnd). */
  private slab: Buffer | null = null;
  private batchStart = 0;
  private batchEnd = 0;
  private flushScheduled = false;
  private waitingForDrain = false;
  private closed = false;
  private wasOverloaded = false;
  /** Called when the queue drops back below maxBytes after having been above it. */
  onBelowBound: () => void = () => {};

  private readonly drained = (): void => {
    this.waitingForDrain = false;
    this.flush();
  };

  constructor(
    private readonly sink: ByteSink,
    private readonly encoder: MessageEncoder,
    private readonly stats: ChannelStats,
    private readonly maxBytes: number,
    private readonly hardCapBytes: number = maxBytes * 2,
  ) {}

  /** Bytes accepted but not yet handed to the kernel. */
  get queuedBytes(): number {
    return this.batchEnd - this.batchStart + this.sink.writableLength;
  }

  get overloaded(): boolean {
    return this.queuedBytes > this.maxBytes;
  }

  /**
   * Encode `msg` into the current batch. A non-zero `xidOverride` replaces the xid in
   * the encoded header (bytes 4..7) so the caller's object is never modified.
   * Throws whatever the encoder throws for an invalid message.
   */
  enqueue(msg: OfMessage, xidOverride: number): EnqueueResult {
    if (this.closed) return 'dropped';
    const len = this.encoder.encodedLength(msg);
    const before = this.queuedBytes;
    if (before + len > this.hardCapBytes) {
      this.stats.dropped++;
      this.wasOverloaded = true;
      return 'dropped';
    }
    const buf = this.reserve(len);
    const at = this.batchEnd;
    const written = this.encoder.encodeMessageInto(msg, buf, at);
    if (xidOverride !== 0) buf.writeUInt32BE(xidOverride >>> 0, at + 4);
    this.stats.outByType[buf[at + 1]]++;
    this.batchEnd = at + written;
    this.stats.msgsOut++;
    if (!this.flushScheduled && !this.waitingForDrain) {
      this.flushScheduled = true;
      requestFlush(this);
    }
    if (before + len > this.maxBytes) {
      this.wasOverloaded = true;
      return 'overload';
    }
    return 'ok';
  }

  /** Called by write-flush.ts for a queue that asked to be flushed. */
  flushQueued(): void {
    this.flushScheduled = false;
    this.flush();
  }

  /** Write the batch now (used before closing so a final ERROR still leaves). */
  flush(): void {
    const slab = this.slab;
    if (this.closed || this.waitingForDrain || this.batchEnd === this.batchStart || slab === null || !this.sink.writable) {
      this.checkBelowBound();
      return;
    }
    // The socket keeps a reference to the written bytes, so the next batch starts
    // after them. A slab grown past the usual size for a burst is let go rather than
    // kept by an idle connection.
    const chunk = slab.subarray(this.batchStart, this.batchEnd);
    if (slab.length > SLAB_BYTES) {
      this.slab = null;
      this.batchEnd = 0;
    }
    this.batchStart = this.batchEnd;
    this.stats.writes++;
    this.stats.bytesOut += chunk.length;
    if (!this.sink.write(chunk)) {
      this.waitingForDrain = true;
      this.sink.once('drain', this.drained);
    }
    this.checkBelowBound();
  }

  /** Forget everything queued; later enqueues are dropped. */
  close(): void {
    this.closed = true;
    this.slab = null;
    this.batchStart = 0;
    this.batchEnd = 0;
  }

  private checkBelowBound(): void {
    if (this.wasOverloaded && !this.waitingForDrain && this.queuedBytes <= this.maxBytes) {
      this.wasOverloaded = false;
      this.onBelowBound();
    }
  }

  /**
   * A slab with room for `len` more bytes at `this.batchEnd`. A new slab receives
   * the batch so far (only its bytes: the ones before it may still be in flight).
   */
  private reserve(len: number): Buffer {
    if (this.slab !== null && this.batchEnd + len <= this.slab.length) return this.slab;
    const pending = this.batchEnd - this.batchStart;
    let size = SLAB_BYTES;
    while (size < pending + len) size *= 2;
    const next = Buffer.allocUnsafe(size);
    if (this.slab !== null && pending > 0) this.slab.copy(next, 0, this.batchStart, this.batchEnd);
    this.slab = next;
    this.batchStart = 0;
    this.batchEnd = pending;
    return next;
  }
}
