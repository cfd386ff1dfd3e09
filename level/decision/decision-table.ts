// One service's row of the SLR table (patent Fig. 9): its candidate targets in id order
// with what the metric needs, refreshed each table update, plus the scan that picks the
// lowest metric. The scan walks flat arrays and allocates nothing.

import type { TargetSpec } from '../types';
import type { LoadEstimate } from './load-estimate';
import type { MetricFn } from '../policies/metric';
import type { AffinityRule, PolicyNode } from '../policies/policy-node';
import type { Service } from '../catalog/service';

export interface EligibilityRules {
  /** Targets without a load report get no new connections (servers must be heard from). */
  requireLoadReport: boolean;
  /** Reports older than this make a target ineligible; 0 disables the check. */
  maxReportAgeMs: number;
  /** Targets known to be dead (agent expired or said goodbye). */
  down: ReadonlySet<string>;
}

export class ServiceTable {
  readonly n: number;
  readonly targets: TargetSpec[];
  readonly estimates: LoadEstimate[];
  readonly cost: Float64Array;
  readonly weight: Float64Array;
  /** 1 when the target may take new connections at this table update. */
  readonly eligible: Uint8Array;
  /** Best index per the policy in force at the last update, for connection-independent policies (-1: none). */
  precomputedBest = -1;
  precomputedFor: PolicyNode | null = null;

  constructor(
    readonly service: Service,
    targets: TargetSpec[],
    estimates: LoadEstimate[],
  ) {
    this.n = targets.length;
    this.targets = targets;
    this.estimates = estimates;
    this.cost = Float64Array.from(targets, (t) => t.cost);
    this.weight = Float64Array.from(targets, (t) => t.weight);
    this.eligible = new Uint8Array(this.n);
  }

  /**
   * Routing cost r_j = configured cost + rttFactor x measured round trip (ms) to the
   * target, where one was measured (the active probe between levels).
   */
  refreshCosts(rtts: ReadonlyMap<string, number>, rttFactor: number): void {
    for (let i = 0; i < this.n; i++) {
      const rtt = rtts.get(this.targets[i].id);
      this.cost[i] = this.targets[i].cost + (rtt === undefined ? 0 : rttFactor * rtt);
    }
  }

  /** Re-evaluates who may take new connections (admin state, report freshness). */
  updateEligibility(rules: EligibilityRules, nowMs: number): void {
    for (let i = 0; i < this.n; i++) {
      const e = this.estimates[i];
      let ok = this.targets[i].adminState === 'enabled' && !rules.down.has(this.targets[i].id);
      if (ok && rules.requireLoadReport && e.reportedAt < 0) ok = false;
      if (ok && rules.maxReportAgeMs > 0 && e.reportedAt >= 0 && nowMs - e.reportedAt > rules.maxReportAgeMs) ok = false;
      this.eligible[i] = ok ? 1 : 0;
    }
  }

  /**
   * Index of the eligible target with the lowest metric (restricted to a rule's targets
   * when given), or -1. Ties go to the lower estimated load, then to the lower id (the
   * targets are in id order and only a strictly better candidate replaces the best).
   */
  scan(metric: MetricFn, increment: number, rule: AffinityRule | null): number {
    let best = -1;
    let bestMetric = Infinity;
    let bestLoad = Infinity;
    for (let i = 0; i < this.n; i++) {
      if (this.eligible[i] === 0) continue;
      if (rule !== null && !rule.targets.has(this.targets[i].id)) continue;
      const load = this.estimates[i].estimate(increment);
      const m = metric(load, this.cost[i], this.weight[i]);
      // NaN or Infinity never wins: such a target is not a candidate for this policy.
      if (!(m < Infinity)) continue;
      if (m < bestMetric || (m === bestMetric && load < bestLoad)) {
        best = i;
        bestMetric = m;
        bestLoad = load;
      }
    }
    return best;
  }
}
