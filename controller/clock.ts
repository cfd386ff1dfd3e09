// Time is injected so logic (learning ages, expiry, decisions, report loops) is testable
// without waiting. The one Clock type of the project; two clocks of it:
//   systemClock  monotonic milliseconds (performance.now): ages and intervals in one process
//   wallClock    milliseconds since the epoch (Date.now), with timers: times that travel
//                (load reports, pins in the mirror) and the peering loops that schedule

export interface Clock {
  /** Milliseconds: monotonic (systemClock) or since the epoch (wallClock). */
  now(): number;
}

export type TimerHandle = unknown;

/** A clock that also schedules: peering's report loops, retries and expiry. */
export interface TimerClock extends Clock {
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
};

export const wallClock: TimerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private t = 0) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
  set(ms: number): void {
    this.t = ms;
  }
}
