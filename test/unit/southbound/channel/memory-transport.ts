// An in-memory pair of connected Duplex streams: what one side writes the other
// reads. Each side counts its writes, and a side can be told to stop draining
// (its writes stay pending, as on a socket whose peer stopped reading).
import { Duplex } from 'node:stream';

export class MemoryEnd extends Duplex {
  peer: MemoryEnd | null = null;
  writes = 0;
  bytesWritten = 0;
  /** When true, write callbacks are held: writableLength grows, no 'drain'. */
  stalled = false;
  private held: Array<() => void> = [];

  constructor(highWaterMark = 16 * 1024) {
    super({ highWaterMark });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.writes++;
    this.bytesWritten += chunk.length;
    const deliver = (): void => {
      this.peer?.push(Buffer.from(chunk));
      cb();
    };
    if (this.stalled) this.held.push(deliver);
    else deliver();
  }

  override _read(): void {}

  override _final(cb: (err?: Error | null) => void): void {
    this.peer?.push(null);
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    const peer = this.peer;
    if (peer !== null && !peer.readableEnded && !peer.destroyed) peer.push(null);
    cb(err);
  }

  /** Start draining again and deliver what was held. */
  unstall(): void {
    this.stalled = false;
    const held = this.held;
    this.held = [];
    for (const deliver of held) deliver();
  }
}

/** [controller side, switch side]. */
export function memoryPair(highWaterMark?: number): [MemoryEnd, MemoryEnd] {
  const a = new MemoryEnd(highWaterMark);
  const b = new MemoryEnd(highWaterMark);
  a.peer = b;
  b.peer = a;
  return [a, b];
}
