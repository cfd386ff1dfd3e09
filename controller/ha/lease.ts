// The master lease of a hot-spare pair, as pure decisions over an injected clock. The
// lease itself lives in a shared store (redis-lease.ts): one holder at a time, with a
// time to live of a few hundred milliseconds, renewed well before it runs out.
//
// Safety rests on one rule: the holder counts its lease from the moment it *sent* the
// acquire or renew command, not from the reply. The store starts the time to live when
// it executes the command, which is later, so the store's copy always outlives the
// holder's belief (less a margin for clock-rate drift). A spare can only take the lease
// after the store's copy expired; by then the old holder has stopped writing.
import type { Clock } from '../clock';

export interface LeaseTiming {
  /** Time to live of the lease in the store. */
  ttlMs: number;
  /** The holder renews this often (well under ttlMs: several renewals may fail in a row). */
  renewIntervalMs: number;
  /** A spare tries to take the lease this often. */
  acquireIntervalMs: number;
  /** The holder stops writing this long before its lease would run out by its own clock. */
  safetyMarginMs: number;
}

export type LeaseState = 'spare' | 'master' | 'lapsed';

export type LeaseAction =
  | { kind: 'acquire' }
  | { kind: 'renew' }
  | { kind: 'wait'; untilMs: number };

/** A lease as the store reports it. */
export interface LeaseHolder {
  owner: string;
  generation: bigint;
}

export function checkTiming(t: LeaseTiming): string[] {
  const problems: string[] = [];
  if (t.renewIntervalMs * 2 > t.ttlMs) problems.push(`ha.renewIntervalMs (${t.renewIntervalMs}) must be at most half of ha.leaseTtlMs (${t.ttlMs}): one lost renewal must not end the lease`);
  if (t.safetyMarginMs >= t.ttlMs - t.renewIntervalMs) problems.push(`ha.safetyMarginMs (${t.safetyMarginMs}) must be below ha.leaseTtlMs - ha.renewIntervalMs (${t.ttlMs - t.renewIntervalMs})`);
  return problems;
}

/**
 * One process's view of the lease: whether it holds it, until when it may write, and
 * what to do next. Every method takes the current time from the clock; nothing here
 * waits or talks to the store.
 */
export class LeaseTracker {
  private st: LeaseState = 'spare';
  private gen: bigint | null = null;
  private validUntil = -Infinity;
  private lastAttempt = -Infinity;
  /** The holder other than us the store last named, if any. */
  private other: LeaseHolder | null = null;

  constructor(private readonly timing: LeaseTiming, private readonly clock: Clock) {}

  get state(): LeaseState {
    // A lease that ran out by our own clock is lapsed even before the next tick notices.
    if (this.st === 'master' && this.clock.now() >= this.validUntil) return 'lapsed';
    return this.st;
  }

  /** The generation id of the lease we hold (or last held); null before the first. */
  get generation(): bigint | null {
    return this.gen;
  }

  /** The other process the store last named as holder (a spare needs its generation to claim SLAVE). */
  get currentHolder(): LeaseHolder | null {
    return this.other;
  }

  /** Until when (clock time) the holder may write; -Infinity when it holds nothing. */
  get writableUntil(): number {
    return this.st === 'master' ? this.validUntil : -Infinity;
  }

  /** True while we hold the lease by our own clock: the core's write gate. */
  holds(): boolean {
    return this.st === 'master' && this.clock.now() < this.validUntil;
  }

  /** What to do now. */
  next(): LeaseAction {
    const now = this.clock.now();
    const interval = this.st === 'spare' ? this.timing.acquireIntervalMs : this.timing.renewIntervalMs;
    const due = this.lastAttempt + interval;
    if (now < due) return { kind: 'wait', untilMs: due };
    // A lapsed holder tries to get the lease back like a spare: the store decides.
    return this.st === 'master' && now < this.validUntil ? { kind: 'renew' } : { kind: 'acquire' };
  }

  /** An acquire or renew command is about to be sent at clock time `sentAt`. */
  attempt(sentAt: number): void {
    this.lastAttempt = sentAt;
  }

  /**
   * The store granted the lease (acquired, or our own lease extended) for a command
   * sent at `sentAt`. Returns true when this is a new holding (a new generation): the
   * caller then claims MASTER with it.
   */
  granted(sentAt: number, generation: bigint): boolean {
    const fresh = this.st !== 'master' || this.gen !== generation || this.clock.now() >= this.validUntil;
    this.st = 'master';
    this.gen = generation;
    this.other = null;
    this.validUntil = Math.max(fresh ? -Infinity : this.validUntil, sentAt + this.timing.ttlMs - this.timing.safetyMarginMs);
    return fresh;
  }

  /** The store says another process holds the lease. Returns true if we held it (a demotion). */
  heldBy(holder: LeaseHolder): boolean {
    const wasMaster = this.st === 'master';
    this.st = 'spare';
    this.validUntil = -Infinity;
    this.other = holder;
    return wasMaster;
  }

  /**
   * The store could not be asked (down, timeout). Nothing changes: a holder keeps
   * writing until its lease runs out by its own clock, then stops (state 'lapsed').
   */
  unreachable(): void {
    // Deliberately empty: the clock alone ends the lease.
  }

  /** We gave the lease up (graceful stop). */
  released(): void {
    this.st = 'spare';
    this.validUntil = -Infinity;
  }
}
