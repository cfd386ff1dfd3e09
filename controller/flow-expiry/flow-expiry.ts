// Expires an app's flows without idle timeouts on the switch: every interval it reads
// the flow statistics of one slice of the app's flows on each switch, asks an
// IdleTracker which of them saw no packet for idleMs, deletes those (DELETE_STRICT,
// through the app's own context, so only the app's cookie space is touched) and tells
// the app, which releases what it kept for them (e.g. the pin). A flow is deleted
// between idleMs and idleMs + intervalMs after its last packet.
//
// Slices bound the work per tick: with 2^k slices the app puts a k-bit slice number in
// its flows' cookies (sliceCookie below) and each tick reads one slice, so a 300,000-flow
// table is read in pieces instead of one multi-megabyte reply. Packet counts in Open
// vSwitch's statistics trail the datapath by up to about a second (its revalidators
// push them), so idleMs should be well above that.
//
// Not wired into any app here: an app creates one FlowExpiry in start(ctx), passing the
// context as the host, and calls stop() in stop() and forget(dpid) on switch-down.
import { deleteFlow, type Change, type FlowFilter } from '../changes';
import type { Clock } from '../clock';
import { localPartOfCookie } from '../cookies';
import type { FlowStats } from '../../southbound/codec/types';
import { defaultFlowKey, IdleTracker, type FlowKeyOf } from './idle-tracker';

/** What the expiry needs from the core: an AppContext has exactly these. */
export interface ExpiryHost {
  flowStats(dpid: bigint, filter?: FlowFilter): Promise<FlowStats[]>;
  apply(dpid: bigint, changes: Change[]): boolean;
}

export interface FlowExpiryOptions {
  /** A flow with no new packet for this long is deleted. */
  idleMs: number;
  /** Every flow is read once per interval (default idleMs / 2). */
  intervalMs?: number;
  /** Which of the app's flows are expired: table, and app-local cookie bits (default: all the app's flows in table 0). */
  tableId?: number;
  cookie?: bigint;
  cookieMask?: bigint;
  /** Number of slices, a power of two, and where their bits sit in the app-local cookie. Default: 1 slice. */
  sliceBits?: number;
  sliceShift?: number;
  keyOf?: FlowKeyOf;
  clock: Clock;
  /** Called with the flows just deleted on a switch, so the app can drop their state. */
  onExpired?: (dpid: bigint, flows: FlowStats[]) => void;
  /** A reading failed (switch gone, timeout); the next round tries again. */
  onError?: (dpid: bigint, err: unknown) => void;
}

/** Puts slice number `slice` (of 2^bits) into an app-local cookie at `shift`. */
export function sliceCookie(cookie: bigint, slice: number, bits: number, shift: number): bigint {
  const mask = ((1n << BigInt(bits)) - 1n) << BigInt(shift);
  return (cookie & ~mask) | ((BigInt(slice) << BigInt(shift)) & mask);
}

export interface SweepReport {
  dpid: bigint;
  slice: number;
  read: number;
  expired: number;
  /** False when the switch refused the deletes (down, or send queue full: retried next round). */
  sent: boolean;
}

export class FlowExpiry {
  private readonly trackers = new Map<bigint, IdleTracker>();
  /** Per switch and slice: idle flows whose deletes may not all have gone out, by key. */
  private readonly unreported = new Map<bigint, Map<number, Map<string, FlowStats>>>();
  private readonly keyOf: FlowKeyOf;
  private readonly slices: number;
  private readonly intervalMs: number;
  private nextSlice = 0;
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(private readonly host: ExpiryHost, private readonly o: FlowExpiryOptions) {
    const bits = o.sliceBits ?? 0;
    if (!Number.isInteger(bits) || bits < 0 || bits > 16) throw new RangeError('sliceBits must be an integer 0..16');
    this.slices = 1 << bits;
    this.intervalMs = o.intervalMs ?? o.idleMs / 2;
    this.keyOf = o.keyOf ?? defaultFlowKey;
    if (!(this.intervalMs > 0)) throw new RangeError('intervalMs must be > 0');
    new IdleTracker(o.idleMs); // validates idleMs now, not at the first sweep
  }

  /** The statistics filter for one slice: the app's cookie bits plus the slice's. */
  filterOf(slice: number): FlowFilter {
    const bits = this.o.sliceBits ?? 0;
    const shift = this.o.sliceShift ?? 0;
    const sliceMask = ((1n << BigInt(bits)) - 1n) << BigInt(shift);
    const cookie = sliceCookie(this.o.cookie ?? 0n, slice, bits, shift);
    return { tableId: this.o.tableId ?? 0, cookie, cookieMask: (this.o.cookieMask ?? 0n) | sliceMask };
  }

  /** Reads one slice on one switch, deletes its idle flows and reports them. */
  async sweep(dpid: bigint, slice: number): Promise<SweepReport> {
    const flows = await this.host.flowStats(dpid, this.filterOf(slice));
    let tracker = this.trackers.get(dpid);
    if (tracker === undefined) {
      tracker = new IdleTracker(this.o.idleMs, this.keyOf);
      this.trackers.set(dpid, tracker);
    }
    const idle = tracker.observe(slice, flows, this.o.clock.now());
    this.reportVanished(dpid, slice, flows);
    let sent = true;
    if (idle.length > 0) {
      sent = this.host.apply(dpid, idle.map((f) => deleteFlow({ tableId: f.tableId, priority: f.priority, match: f.match, cookie: localPartOfCookie(f.cookie) })));
      if (sent) {
        this.o.onExpired?.(dpid, idle);
      } else {
        // Some deletes may have been dropped (queue full) or not: those flows gone by
        // the next reading are reported then, the others are idle again and retried.
        let bySlice = this.unreported.get(dpid);
        if (bySlice === undefined) this.unreported.set(dpid, (bySlice = new Map()));
        bySlice.set(slice, new Map(idle.map((f) => [this.keyOf(f), f])));
      }
    }
    return { dpid, slice, read: flows.length, expired: idle.length, sent };
  }

  /** Reports flows left unreported in this slice that are no longer on the switch. */
  private reportVanished(dpid: bigint, slice: number, flows: readonly FlowStats[]): void {
    const pending = this.unreported.get(dpid)?.get(slice);
    if (pending === undefined) return;
    this.unreported.get(dpid)!.delete(slice);
    for (const f of flows) pending.delete(this.keyOf(f));
    if (pending.size > 0) this.o.onExpired?.(dpid, [...pending.values()]);
  }

  /** Sweeps every slice once on one switch (tests, tools). */
  async sweepAll(dpid: bigint): Promise<SweepReport[]> {
    const out: SweepReport[] = [];
    for (let s = 0; s < this.slices; s++) out.push(await this.sweep(dpid, s));
    return out;
  }

  /** Ticks every intervalMs / slices, one slice per tick on each switch dpids() lists. */
  start(dpids: () => Iterable<bigint>): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => void this.tick(dpids), Math.max(1, this.intervalMs / this.slices));
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** The switch went away: its flows are read afresh when it is back. */
  forget(dpid: bigint): void {
    this.trackers.delete(dpid);
    this.unreported.delete(dpid);
  }

  private async tick(dpids: () => Iterable<bigint>): Promise<void> {
    if (this.running) return; // a slow switch must not stack readings up
    this.running = true;
    const slice = this.nextSlice;
    this.nextSlice = (this.nextSlice + 1) % this.slices;
    try {
      for (const dpid of dpids()) {
        try {
          await this.sweep(dpid, slice);
        } catch (err) {
          this.o.onError?.(dpid, err);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
