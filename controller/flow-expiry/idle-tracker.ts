// Which flows have been idle long enough, from successive flow-statistics readings
// alone: a flow whose packet count has not moved for idleMs is idle. This is how flows
// expire without per-flow idle timeouts on the switch (Open vSwitch's install rate
// falls sharply when every flow carries one; bench:install measures it).
//
// Pure: the caller feeds complete readings of one slice of the flows (all flows whose
// cookie falls in the slice) with the time they were taken, and gets back the idle ones.
// A flow missing from a reading of its slice is gone and forgotten. Per tracked flow it
// keeps the last packet count and when that count last moved, in typed arrays indexed
// by a slot, and one flat string key: about 100-150 bytes per flow, so a switch with
// 300,000 expiring flows costs tens of megabytes, not hundreds.
import { matchSpan, writeMatch } from '../../southbound/codec/oxm';
import type { FlowStats } from '../../southbound/codec/types';

export type FlowKeyOf = (f: FlowStats) => string;

let scratch = Buffer.alloc(1024);

/**
 * A flow's identity for DELETE_STRICT (spec 7.3.4.1: table, priority, match) as a flat
 * one-byte string: table, priority and the match's wire bytes. Apps whose flows have a
 * shorter identity can pass their own key.
 */
export function defaultFlowKey(f: FlowStats): string {
  const len = 3 + matchSpan(f.match);
  if (scratch.length < len) scratch = Buffer.alloc(len * 2);
  scratch[0] = f.tableId;
  scratch.writeUInt16BE(f.priority, 1);
  writeMatch(f.match, scratch, 3);
  return scratch.toString('latin1', 0, len);
}

export class IdleTracker {
  /** Per slice: key -> slot. */
  private readonly slices = new Map<number, Map<string, number>>();
  private packets = new Float64Array(1024);
  private activeAt = new Float64Array(1024);
  private readonly free: number[] = [];
  private used = 0;

  constructor(
    private readonly idleMs: number,
    private readonly keyOf: FlowKeyOf = defaultFlowKey,
  ) {
    if (!(idleMs > 0)) throw new RangeError('idleMs must be > 0');
  }

  /** Flows tracked across all slices. */
  get size(): number {
    return this.used - this.free.length;
  }

  /**
   * One complete reading of a slice at nowMs; returns the flows idle for at least idleMs.
   * They stay tracked: once deleted they are missing from the next reading and
   * forgotten; if a delete was lost they come back idle and are returned again. A flow
   * seen for the first time with no packet at all has been idle since it was installed
   * (its duration says when).
   */
  observe(slice: number, flows: readonly FlowStats[], nowMs: number): FlowStats[] {
    const before = this.slices.get(slice) ?? new Map<string, number>();
    const after = new Map<string, number>();
    const idle: FlowStats[] = [];
    for (const f of flows) {
      const key = this.keyOf(f);
      if (after.has(key)) continue; // listed twice in one reading: the first counts
      const packets = Number(f.packetCount);
      let slot = before.get(key);
      if (slot === undefined) {
        slot = this.alloc();
        this.packets[slot] = packets;
        this.activeAt[slot] = packets === 0 ? nowMs - (f.durationSec * 1000 + Math.floor(f.durationNsec / 1e6)) : nowMs;
      } else {
        before.delete(key);
        if (this.packets[slot] !== packets) {
          this.packets[slot] = packets;
          this.activeAt[slot] = nowMs;
        }
      }
      after.set(key, slot);
      if (nowMs - this.activeAt[slot] >= this.idleMs) idle.push(f);
    }
    // What is left of the previous reading is gone from the switch.
    for (const slot of before.values()) this.free.push(slot);
    this.slices.set(slice, after);
    return idle;
  }

  /** Forgets everything (the switch went away, its flows will be read afresh). */
  clear(): void {
    this.slices.clear();
    this.free.length = 0;
    this.used = 0;
  }

  private alloc(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.used === this.packets.length) {
      const grow = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.packets = grow(this.packets);
      this.activeAt = grow(this.activeAt);
    }
    return this.used++;
  }
}
