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
  /** Per virtual subnet, the targets that report failing their health check for it. */
  unhealthy: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * Per virtual subnet, the targets that withdrew it (left it out of a report): they
   * cannot serve it now, whether or not requireLoadReport is on.
   */
  withdrawn: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * Panic (the Envoy-style guard against ejecting everyone): when fewer than this share of
   * the targets a service could otherwise use are healthy, every one of them takes new
   * connections again, unhealthy or not. Whatever its value, a service whose targets are
   * all unhealthy is in panic: health checks alone never eject every target.
   */
  panicThreshold: number;
  /**
   * Until this time (ms) a stale load report takes no target out: the warm-up after a
   * start or a promotion, while registrants find the new master and report to it, the
   * rows restored from the store stand. (A target never heard from is not marked down by
   * the warm-up's end: it was never up; requireLoadReport keeps it out throughout.)
   */
  warmUntilMs: number;
}

export class ServiceTable {
  readonly n: number;
  readonly targets: TargetSpec[];
  readonly estimates: LoadEstimate[];
  readonly cost: Float64Array;
  readonly weight: Float64Array;
  /** 1 when the target may take new connections at this table update. */
  readonly eligible: Uint8Array;
  /** 1 when the target passes its health check for the service's subnet. */
  readonly healthy: Uint8Array;
  /** Every usable target is unhealthy (or too few are healthy): all of them are eligible. */
  panic = false;
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
    this.healthy = new Uint8Array(this.n).fill(1);
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

  /**
   * Re-evaluates who may take new connections: admin state, registration, a report when
   * one is required, its freshness (not during warm-up), then health, with the panic
   * guard over health.
   */
  updateEligibility(rules: EligibilityRules, nowMs: number): void {
    const sick = rules.unhealthy.get(this.service.subnet);
    const gone = rules.withdrawn.get(this.service.subnet);
    const warming = nowMs < rules.warmUntilMs;
    let usable = 0;
    let healthy = 0;
    for (let i = 0; i < this.n; i++) {
      const e = this.estimates[i];
      let ok = this.targets[i].adminState === 'enabled' && !rules.down.has(this.targets[i].id) && !(gone?.has(this.targets[i].id) ?? false);
      if (ok && rules.requireLoadReport && e.reportedAt < 0) ok = false;
      if (ok && !warming && rules.maxReportAgeMs > 0 && e.reportedAt >= 0 && nowMs - e.reportedAt > rules.maxReportAgeMs) ok = false;
      const isHealthy = sick === undefined || !sick.has(this.targets[i].id);
      this.healthy[i] = isHealthy ? 1 : 0;
      // 2 marks "usable but unhealthy" until the panic verdict below.
      this.eligible[i] = !ok ? 0 : isHealthy ? 1 : 2;
      if (ok) {
        usable++;
        if (isHealthy) healthy++;
      }
    }
    this.panic = healthy < usable && (healthy === 0 || healthy < rules.panicThreshold * usable);
    for (let i = 0; i < this.n; i++) if (this.eligible[i] === 2) this.eligible[i] = this.panic ? 1 : 0;
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
