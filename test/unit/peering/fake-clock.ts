// A manual clock for unit tests: timers fire only when the test advances time.
import { TimerClock, TimerHandle } from '../../../controller/clock';

interface Pending {
  id: number;
  at: number;
  fn: () => void;
}

export class FakeClock implements TimerClock {
  private t: number;
  private nextId = 1;
  private pending: Pending[] = [];

  constructor(start = 1_000_000) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.pending.push({ id, at: this.t + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.pending = this.pending.filter((p) => p.id !== handle);
  }

  pendingCount(): number {
    return this.pending.length;
  }

  /** Moves time forward, firing due timers in order (including ones they schedule). */
  advance(ms: number): void {
    const end = this.t + ms;
    for (let due = this.nextDue(end); due; due = this.nextDue(end)) this.fire(due);
    this.t = end;
  }

  /**
   * Like advance, but lets promise chains started by each timer settle before looking
   * for the next due timer, so code that awaits and then schedules is driven too.
   */
  async advanceAsync(ms: number): Promise<void> {
    const end = this.t + ms;
    await flushPromises();
    for (let due = this.nextDue(end); due; due = this.nextDue(end)) {
      this.fire(due);
      await flushPromises();
    }
    this.t = end;
  }

  private nextDue(end: number): Pending | undefined {
    return this.pending.filter((p) => p.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
  }

  private fire(due: Pending): void {
    this.pending = this.pending.filter((p) => p !== due);
    this.t = due.at;
    due.fn();
  }
}

/** Lets promise callbacks queued by fired timers run (several hops of awaits). */
export async function flushPromises(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
