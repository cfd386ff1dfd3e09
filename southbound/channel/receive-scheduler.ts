// Fair receive: no switch connection may hold the event loop for long.
//
// Node reads a readable socket in the poll phase, up to 32 chunks of 64 KB in a row,
// and the channel used to handle every complete frame of each chunk at once. One
// switch flooding PACKET_INs (about 670,000/s in the hostile-switch test) therefore
// kept the loop busy for tens of milliseconds per turn, and a healthy switch's
// PACKET_IN round trip went from 0.85 ms to 52 ms.
//
// Now a connection handles at most `budget` frames per slice. A connection with more
// input than that pauses its socket (the kernel buffers the rest and TCP pushes back
// on the sender) and queues here; each turn's check phase gives every queued
// connection one more slice, in round-robin order, and resumes the socket of a
// connection that caught up. Between two rounds the poll phase runs, so input from
// every other switch is read and answered after at most one round of slices: a flood
// delays the others by a bounded amount (slice budget x per-message cost x number of
// flooding connections), not by the size of the flood.
import { flushPendingWrites } from './write-flush';

/** A connection with input left over after its slice. */
export interface SliceWorker {
  /** Handle up to one slice of buffered input; true when more is left. */
  runSlice(): boolean;
  /** Called when a slice found nothing left: the worker resumes reading its socket. */
  caughtUp(): void;
}

export class ReceiveScheduler {
  private queue: SliceWorker[] = [];
  private next: SliceWorker[] = [];
  private armed = false;
  private readonly round = (): void => {
    this.armed = false;
    const queue = this.queue;
    this.queue = this.next;
    for (let i = 0; i < queue.length; i++) {
      const w = queue[i];
      let more: boolean;
      try {
        more = w.runSlice();
      } catch {
        more = false; // runSlice guards itself; a throw here must not stall the others
      }
      if (more) this.queue.push(w);
      else w.caughtUp();
    }
    queue.length = 0;
    this.next = queue;
    flushPendingWrites();
    if (this.queue.length > 0) this.arm();
  };

  /** Number of connections waiting for a slice (for tests and diagnostics). */
  get waiting(): number {
    return this.queue.length;
  }

  /** Queue a worker that has input left; it gets a slice in the next round. */
  defer(w: SliceWorker): void {
    this.queue.push(w);
    this.arm();
  }

  private arm(): void {
    if (this.armed) return;
    this.armed = true;
    setImmediate(this.round);
  }
}

/** One scheduler per process: fairness is between all connections of the process. */
export const receiveScheduler = new ReceiveScheduler();
