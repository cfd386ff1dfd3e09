// Estimated load per (virtual subnet, target): the last reported load plus a fixed
// increment per connection assigned since that report. Without the increment, every new
// connection between two reports would land on the target that was least loaded at the
// last report (herding); with it, a burst spreads as the loads would have.
// Shared by every service of one subnet, since reports are per subnet.

import type { LoadTableReader } from '../../controller';

export class LoadEstimate {
  /** Last reported load (0 until a report arrives). */
  reported = 0;
  /** reportedAt of the report in use; -1 when none. */
  reportedAt = -1;
  /** Connections assigned since that report. */
  assigned = 0;

  constructor(
    readonly subnet: string,
    readonly targetId: string,
  ) {}

  estimate(increment: number): number {
    return this.reported + this.assigned * increment;
  }

  /**
   * Takes the store's row into account: a fresh report replaces the estimate and resets
   * the assignment count; a vanished row (expiry) drops back to "no report".
   */
  refresh(loads: LoadTableReader): void {
    const row = loads.get(this.subnet, this.targetId);
    if (row === undefined) {
      if (this.reportedAt !== -1) {
        this.reported = 0;
        this.reportedAt = -1;
        this.assigned = 0;
      }
      return;
    }
    if (row.reportedAt !== this.reportedAt) {
      this.reported = row.load;
      this.reportedAt = row.reportedAt;
      this.assigned = 0;
    }
  }
}

/** All estimates, created on demand and kept across catalog changes. */
export class LoadEstimates {
  private readonly bySubnet = new Map<string, Map<string, LoadEstimate>>();

  get(subnet: string, targetId: string): LoadEstimate {
    let m = this.bySubnet.get(subnet);
    if (m === undefined) this.bySubnet.set(subnet, (m = new Map()));
    let e = m.get(targetId);
    if (e === undefined) m.set(targetId, (e = new LoadEstimate(subnet, targetId)));
    return e;
  }

  refreshAll(loads: LoadTableReader): void {
    for (const m of this.bySubnet.values()) for (const e of m.values()) e.refresh(loads);
  }

  /** Forgets estimates no table uses any more, so removed services do not leak. */
  retainOnly(keep: ReadonlySet<LoadEstimate>): void {
    for (const [subnet, m] of this.bySubnet) {
      for (const [id, e] of m) if (!keep.has(e)) m.delete(id);
      if (m.size === 0) this.bySubnet.delete(subnet);
    }
  }
}
