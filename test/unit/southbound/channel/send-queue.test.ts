import { Writable } from 'node:stream';
import type { OfMessage } from '../../../../southbound/codec/types';
import { type MessageEncoder, SendQueue } from '../../../../southbound/channel/send-queue';
import { newChannelStats } from '../../../../southbound/channel/stats';

// A stand-in encoder: an ECHO_REQUEST becomes an 8-byte header plus its data, which
// is all the queue needs to know about the codec.
const fakeEncoder: MessageEncoder = {
  encodedLength(msg: OfMessage): number {
    return 8 + (msg.type === 'ECHO_REQUEST' ? msg.data.length : 0);
  },
  encodeMessageInto(msg: OfMessage, buf: Buffer, offset: number): number {
    const len = this.encodedLength(msg);
    buf.writeUInt8(4, offset);
    buf.writeUInt8(2, offset + 1);
    buf.writeUInt16BE(len, offset + 2);
    buf.writeUInt32BE(msg.xid, offset + 4);
    if (msg.type === 'ECHO_REQUEST') msg.data.copy(buf, offset + 8);
    return len;
  },
};

function echo(xid: number, size = 0): OfMessage {
  return { type: 'ECHO_REQUEST', xid, data: Buffer.alloc(size, 0xab) };
}

/** A sink that records every write; `hold` keeps write callbacks pending (no drain). */
class RecordingSink extends Writable {
  readonly chunks: Buffer[] = [];
  private held: Array<() => void> = [];
  hold = false;
  constructor(highWaterMark = 16 * 1024) {
    super({ highWaterMark });
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error) => void): void {
    this.chunks.push(Buffer.from(chunk));
    if (this.hold) this.held.push(() => cb());
    else cb();
  }
  release(): void {
    this.hold = false;
    const held = this.held;
    this.held = [];
    for (const cb of held) cb();
  }
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('SendQueue', () => {
  it('coalesces every message of one event-loop turn into one write', async () => {
    const sink = new RecordingSink();
    const stats = newChannelStats();
    const queue = new SendQueue(sink, fakeEncoder, stats, 1 << 20);
    for (let i = 1; i <= 100; i++) expect(queue.enqueue(echo(i, 4), 0)).toBe('ok');
    expect(sink.chunks).toHaveLength(0); // nothing before the turn ends
    await nextTurn();
    expect(sink.chunks).toHaveLength(1);
    expect(sink.chunks[0]!.length).toBe(100 * 12);
    expect(stats).toMatchObject({ writes: 1, msgsOut: 100, bytesOut: 1200 });
    // The messages are in order, each with its own xid.
    expect(sink.chunks[0]!.readUInt32BE(4)).toBe(1);
    expect(sink.chunks[0]!.readUInt32BE(99 * 12 + 4)).toBe(100);

    queue.enqueue(echo(7), 0);
    await nextTurn();
    expect(sink.chunks).toHaveLength(2);
  });

  it('writes the xid override into the header without touching the message', async () => {
    const sink = new RecordingSink();
    const queue = new SendQueue(sink, fakeEncoder, newChannelStats(), 1 << 20);
    const msg = echo(0);
    queue.enqueue(msg, 0xdeadbeef);
    await nextTurn();
    expect(sink.chunks[0]!.readUInt32BE(4)).toBe(0xdeadbeef);
    expect(msg.xid).toBe(0);
  });

  it('grows its batch buffer past the initial size without losing bytes', async () => {
    const sink = new RecordingSink(1 << 20);
    const queue = new SendQueue(sink, fakeEncoder, newChannelStats(), 1 << 22);
    for (let i = 1; i <= 50; i++) queue.enqueue(echo(i, 1000), 0);
    await nextTurn();
    const all = Buffer.concat(sink.chunks);
    expect(all.length).toBe(50 * 1008);
    for (let i = 0; i < 50; i++) expect(all.readUInt32BE(i * 1008 + 4)).toBe(i + 1);
  });

  it('never rewrites bytes the sink still holds while later batches are sent', async () => {
    // Batches share one slab, so a sink that keeps the written buffers themselves
    // (as a socket does until the kernel took them) must still read what was sent.
    const held: Array<{ chunk: Buffer; copy: Buffer }> = [];
    const sink = new Writable({
      highWaterMark: 1 << 24,
      write(chunk: Buffer, _enc, cb) { held.push({ chunk, copy: Buffer.from(chunk) }); cb(); },
    });
    const queue = new SendQueue(sink, fakeEncoder, newChannelStats(), 1 << 24);
    // Small batches fill several slabs, then one burst needs a larger slab, then small again.
    let xid = 1;
    for (let turn = 0; turn < 200; turn++) {
      const burst = turn === 100 ? 40 : 1;
      for (let i = 0; i < burst; i++) queue.enqueue(echo(xid++, 1000), 0);
      await nextTurn();
    }
    expect(held).toHaveLength(200);
    for (const { chunk, copy } of held) expect(chunk.equals(copy)).toBe(true);
    const all = Buffer.concat(held.map((h) => h.chunk));
    for (let i = 0; i < xid - 1; i++) expect(all.readUInt32BE(i * 1008 + 4)).toBe(i + 1);
  });

  it('stops writing when the sink does not drain, reports overload, then drops at the hard cap', async () => {
    const sink = new RecordingSink(1024);
    sink.hold = true;
    const stats = newChannelStats();
    const queue = new SendQueue(sink, fakeEncoder, stats, 4096, 8192);
    let belowBound = 0;
    queue.onBelowBound = () => { belowBound++; };

    // First turn: 2000 bytes reach the sink, which is above its highWaterMark, so
    // write() returns false and the queue must wait for 'drain'.
    for (let i = 1; i <= 2; i++) queue.enqueue(echo(i, 992), 0);
    await nextTurn();
    expect(stats.writes).toBe(1);

    const results: string[] = [];
    for (let i = 3; i <= 12; i++) results.push(queue.enqueue(echo(i, 992), 0));
    await nextTurn();
    await nextTurn();
    expect(stats.writes).toBe(1); // nothing written while the sink is blocked
    expect(results.slice(0, 2)).toEqual(['ok', 'ok']);
    expect(results).toContain('overload');
    expect(results[results.length - 1]).toBe('dropped');
    expect(stats.dropped).toBeGreaterThan(0);
    expect(queue.queuedBytes).toBeLessThanOrEqual(8192);
    expect(belowBound).toBe(0);

    sink.release();
    await nextTurn();
    await nextTurn();
    expect(stats.writes).toBe(2);
    sink.release();
    await nextTurn();
    expect(queue.queuedBytes).toBe(0);
    expect(belowBound).toBe(1);
    const written = Buffer.concat(sink.chunks);
    expect(written.length).toBe((12 - stats.dropped) * 1000);
  });

  it('drops everything after close', async () => {
    const sink = new RecordingSink();
    const stats = newChannelStats();
    const queue = new SendQueue(sink, fakeEncoder, stats, 1 << 20);
    queue.enqueue(echo(1), 0);
    queue.close();
    expect(queue.enqueue(echo(2), 0)).toBe('dropped');
    await nextTurn();
    expect(sink.chunks).toHaveLength(0);
  });
});
