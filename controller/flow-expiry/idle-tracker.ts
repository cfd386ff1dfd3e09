// Which flows have been idle long enough, from successive flow-statistics readings
// alone: a flow whose packet count has not moved for idleMs is idle. This is how flows
// expire without per-flow idle timeouts on the switch (Open vSwitch's install rate
// falls sharply when every flow carries one; bench:install measures it).
//
// Pure: the caller feeds complete readings of one slice of the flows (all flows whose
// cookie falls in the slice) with the time they were taken, and gets back the idle ones.
// A flow missing from a reading of its slice is gone and forgotten. Per tracked flow it
// keeps the last packet count and when that count last moved.
import type { FlowStats } from '../../southbound/codec/types';

export type FlowKeyOf = (f: FlowStats) => string;

interface Seen {
  packets: number;
  /** When the packet count was last seen to move (or, never moved, when the flow was installed). */
  activeAt: number;
}

/**
 * A flow's identity for DELETE_STRICT (spec 7.3.4.1: table, priority, match) as text.
 * Apps whose flows have a shorter identity (a 5-tuple) can pass their own key.
 */
export function defaultFlowKey(f: FlowStats): string {
  let k = `${f.tableId}/${f.priority}`;
  for (const m of f.match) {
    k += m.field === 'raw' ? `|${m.oxmClass}:${m.oxmField}:${m.raw.toString('hex')}` : `|${m.field}=${String(m.value)}${m.mask === undefined ? '' : `/${String(m.mask)}`}`;
  }
  return k;
}

export class IdleTracker {
  private readonly slices = new Map<number, Map<string, Seen>>();

  constructor(
    private readonly idleMs: number,
    private readonly keyOf: FlowKeyOf = defaultFlowKey,
  ) {
    if (!(idleMs > 0)) throw new RangeError('idleMs must be > 0');
  }

  /** Flows tracked across all slices. */
  get size(): number {
    let n = 0;
    for (const m of this.slices.values()) n += m.size;
    return n;
  }

  /**
   * One complete reading of a slice at nowMs; returns the flows idle for at least idleMs.
   * They stay tracked: once deleted they are missing from the next reading and
   * forgotten; if a delete was lost they come back idle and are returned again. A flow
   * seen for the first time with no packet at all has been idle since it was installed
   * (its duration says when).
   */
  observe(slice: number, flows: readonly FlowStats[], nowMs: number): FlowStats[] {
    const before = this.slices.get(slice) ?? new Map<string, Seen>();
    const after = new Map<string, Seen>();
    const idle: FlowStats[] = [];
    for (const f of flows) {
      const key = this.keyOf(f);
      const packets = Number(f.packetCount);
      const old = before.get(key);
      let activeAt: number;
      if (old !== undefined && old.packets === packets) activeAt = old.activeAt;
      else if (old === undefined && packets === 0) activeAt = nowMs - (f.durationSec * 1000 + Math.floor(f.durationNsec / 1e6));
      else activeAt = nowMs;
      if (nowMs - activeAt >= this.idleMs) idle.push(f);
      after.set(key, { packets, activeAt });
    }
    this.slices.set(slice, after);
    return idle;
  }

  /** Forgets everything (the switch went away, its flows will be read afresh). */
  clear(): void {
    this.slices.clear();
  }
}
