// The decision engine of one SLR level. A periodic table update (patent Fig. 9) folds
// the latest load reports into per-service tables and precomputes each one's best
// target; decide() then picks per connection, counting each assignment toward the
// chosen target's estimated load so bursts between reports spread out.

import type { LoadTableReader } from '../../controller';
import type { ServiceCatalog } from '../catalog/catalog';
import { ServiceTable, type EligibilityRules } from './decision-table';
import { explainDecision } from './decision-explain';
import {
  systemScheduler,
  type Decision,
  type DecisionEngineOptions,
  type Explanation,
  type Scheduler,
} from './decision-types';
import { LoadEstimates, type LoadEstimate } from './load-estimate';
import { aggregate, type AggregateInput, type AggregateKind } from '../policies/aggregate';
import { activeChild, matchRule, type AffinityRule, type MetricNode, type PolicyNode } from '../policies/policy-node';
import type { Service } from '../catalog/service';
import { type Clock, wallClock } from '../../controller';

/** Adds or removes id in the set under key (dropping empty sets); true when that changed anything. */
function toggleMember(m: Map<string, Set<string>>, key: string, id: string, member: boolean): boolean {
  let set = m.get(key);
  if (member === (set?.has(id) ?? false)) return false;
  if (member) {
    if (set === undefined) m.set(key, (set = new Set()));
    set.add(id);
  } else {
    set!.delete(id);
    if (set!.size === 0) m.delete(key);
  }
  return true;
}

/** Walks time-of-day nodes down to the node in force at nowMs. */
function resolveTime(node: PolicyNode, nowMs: number): PolicyNode {
  while (node.kind === 'time-of-day') node = activeChild(node, nowMs);
  return node;
}

export class DecisionEngine {
  private readonly tables = new Map<string, ServiceTable>();
  private readonly estimates = new LoadEstimates();
  private builtFor = -1;
  /** Counts assignments; a precomputed best is valid only while this has not moved. */
  private assignments = 0;
  private precomputedAt = -1;
  private timer: unknown = null;
  private readonly increment: number;
  private readonly rules: EligibilityRules;
  private readonly down = new Set<string>();
  /** Per virtual subnet, targets that report failing their health check for it. */
  private readonly unhealthy = new Map<string, Set<string>>();
  /** Per virtual subnet, targets that withdrew it. */
  private readonly withdrawn = new Map<string, Set<string>>();
  /** Round trips (ms) measured to targets by the active probe between levels. */
  private readonly rtts = new Map<string, number>();
  private readonly clock: Clock;
  private readonly scheduler: Scheduler;
  /** Reused by decide() to return the affinity rule from resolution without allocating. */
  private resolvedRule: AffinityRule | null = null;

  constructor(
    private readonly catalog: ServiceCatalog,
    private readonly loads: LoadTableReader,
    private readonly options: DecisionEngineOptions,
  ) {
    if (!(options.assignmentLoadIncrement > 0)) throw new RangeError('assignmentLoadIncrement must be > 0');
    if (!(options.tableUpdateIntervalMs > 0)) throw new RangeError('tableUpdateIntervalMs must be > 0');
    this.increment = options.assignmentLoadIncrement;
    const panicThreshold = options.panicThreshold ?? 0;
    if (!(panicThreshold >= 0 && panicThreshold <= 1)) throw new RangeError('panicThreshold must be within 0..1');
    this.rules = {
      requireLoadReport: options.requireLoadReport ?? false,
      maxReportAgeMs: options.maxReportAgeMs ?? 0,
      down: this.down,
      unhealthy: this.unhealthy,
      withdrawn: this.withdrawn,
      panicThreshold,
      warmUntilMs: 0,
    };
    this.clock = options.clock ?? wallClock;
    this.scheduler = options.scheduler ?? systemScheduler;
    this.updateTable();
  }

  start(): void {
    if (this.timer !== null) return;
    this.timer = this.scheduler.setInterval(() => this.updateTable(), this.options.tableUpdateIntervalMs);
  }

  stop(): void {
    if (this.timer === null) return;
    this.scheduler.clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Marks a target dead or alive (agent expiry, goodbye, hello). Applied at once, not at
   * the next table update: a dead server must stop getting connections immediately.
   */
  setTargetDown(targetId: string, isDown: boolean): void {
    if (isDown === this.down.has(targetId)) return;
    if (isDown) this.down.add(targetId);
    else this.down.delete(targetId);
    this.updateTable();
  }

  isTargetDown(targetId: string): boolean {
    return this.down.has(targetId);
  }

  /**
   * A target's health for one virtual subnet, from its reports. Applied at once, like
   * setTargetDown: a server whose service stopped answering must stop getting new
   * connections now, not at the next table update.
   */
  setUnhealthy(subnet: string, targetId: string, isUnhealthy: boolean): void {
    if (toggleMember(this.unhealthy, subnet, targetId, isUnhealthy)) this.updateTable();
  }

  /**
   * A target withdrew a subnet (left it out of a report) or offers it again. Applied at
   * once: a withdrawn target takes no new connections for the subnet even when load
   * reports are not required (without this it would count as unreported, load 0).
   */
  setWithdrawn(subnet: string, targetId: string, isWithdrawn: boolean): void {
    if (toggleMember(this.withdrawn, subnet, targetId, isWithdrawn)) this.updateTable();
  }

  isWithdrawn(subnet: string, targetId: string): boolean {
    return this.withdrawn.get(subnet)?.has(targetId) ?? false;
  }

  isUnhealthy(subnet: string, targetId: string): boolean {
    return this.unhealthy.get(subnet)?.has(targetId) ?? false;
  }

  /** Forgets a target's health and withdrawals everywhere (it went away: its next registration starts afresh). */
  clearHealth(targetId: string): void {
    for (const subnet of [...this.unhealthy.keys()]) this.setUnhealthy(subnet, targetId, false);
    for (const subnet of [...this.withdrawn.keys()]) this.setWithdrawn(subnet, targetId, false);
  }

  /**
   * Starts the warm-up (at start and at promotion to master): for warmUpMs, targets are
   * not taken out of new decisions for a stale load report (maxReportAgeMs), since
   * registrants are still finding this controller and the rows restored from the store
   * are the best knowledge there is. Registration loss and health still count.
   */
  beginWarmUp(nowMs: number = this.clock.now()): void {
    const ms = this.options.warmUpMs ?? 0;
    if (ms <= 0) return;
    this.rules.warmUntilMs = nowMs + ms;
    this.updateTable(nowMs);
  }

  /** Whether the warm-up is still on at nowMs. */
  warmingUp(nowMs: number = this.clock.now()): boolean {
    return nowMs < this.rules.warmUntilMs;
  }

  /** (subnet, target) pairs whose target reports failing its health check. */
  unhealthyTargets(): Array<{ subnet: string; target: string }> {
    const out: Array<{ subnet: string; target: string }> = [];
    for (const [subnet, sick] of this.unhealthy) for (const target of sick) out.push({ subnet, target });
    return out;
  }

  /** The services in panic at the last table update (their unhealthy targets take connections). */
  panicServices(): string[] {
    const out: string[] = [];
    for (const t of this.tables.values()) if (t.panic) out.push(t.service.id);
    return out;
  }

  /**
   * Subnets to advertise upward as unhealthy: every service of the subnet is in panic, so
   * this level serves it only with targets that fail their health checks.
   */
  unhealthySubnets(): Set<string> {
    const verdict = new Map<string, boolean>();
    for (const t of this.tables.values()) verdict.set(t.service.subnet, (verdict.get(t.service.subnet) ?? true) && t.panic);
    const out = new Set<string>();
    for (const [subnet, sick] of verdict) if (sick) out.add(subnet);
    return out;
  }

  /** A measured round trip to a target (ms); it enters the routing cost at the next table update. */
  setMeasuredRtt(targetId: string, ms: number): void {
    if (Number.isFinite(ms) && ms >= 0) this.rtts.set(targetId, ms);
  }

  measuredRtt(targetId: string): number | undefined {
    return this.rtts.get(targetId);
  }

  /** One table update: fresh reports in, eligibility re-evaluated, best targets precomputed. */
  updateTable(nowMs: number = this.clock.now()): void {
    if (this.catalog.version !== this.builtFor) this.rebuild();
    this.estimates.refreshAll(this.loads);
    for (const t of this.tables.values()) {
      t.refreshCosts(this.rtts, this.options.rttCostFactor ?? 0);
      t.updateEligibility(this.rules, nowMs);
      const node = resolveTime(t.service.policy, nowMs);
      if (node.kind === 'metric') {
        t.precomputedFor = node;
        t.precomputedBest = t.scan(node.metric, this.increment, null);
      } else {
        t.precomputedFor = null;
        t.precomputedBest = -1;
      }
    }
    this.precomputedAt = this.assignments;
  }

  /** Tables for the catalog in force; estimates (and their assignment counts) carry over. */
  private rebuild(): void {
    const compiled = this.catalog.compiled;
    this.tables.clear();
    const used = new Set<LoadEstimate>();
    for (const s of compiled.services) {
      const targets = s.targetIds.map((id) => compiled.targets.get(id)!);
      const estimates = s.targetIds.map((id) => this.estimates.get(s.subnet, id));
      for (const e of estimates) used.add(e);
      this.tables.set(s.id, new ServiceTable(s, targets, estimates));
    }
    this.estimates.retainOnly(used);
    this.builtFor = this.catalog.version;
  }

  private tableFor(serviceId: string, nowMs: number): ServiceTable | undefined {
    // A catalog change applies to the very next connection, not only after the next tick.
    if (this.catalog.version !== this.builtFor) this.updateTable(nowMs);
    return this.tables.get(serviceId);
  }

  /** Resolves the policy for this connection down to a metric node; the rule goes to resolvedRule. */
  private resolve(service: Service, clientIp: number, nowMs: number): MetricNode {
    let node = service.policy;
    let rule: AffinityRule | null = null;
    for (;;) {
      if (node.kind === 'time-of-day') node = activeChild(node, nowMs);
      else if (node.kind === 'affinity') {
        if (rule === null) rule = matchRule(node, clientIp);
        node = node.base;
      } else break;
    }
    this.resolvedRule = rule;
    return node;
  }

  /**
   * Chooses the target for a new connection and counts it toward that target's load.
   * Call once per connection (the pin table makes repeats of one connection reuse the
   * first answer). Allocates only the returned object.
   */
  decide(service: Service, clientIp: number, _clientPort: number, nowMs: number = this.clock.now()): Decision {
    const t = this.tableFor(service.id, nowMs);
    if (t === undefined) return { target: null, reason: 'no-eligible-target', policy: service.policy.name };
    const node = this.resolve(service, clientIp, nowMs);
    const rule = this.resolvedRule;
    let index: number;
    let reason: Decision['reason'] = 'lowest-metric';
    if (rule === null && t.precomputedFor === node && this.precomputedAt === this.assignments) {
      index = t.precomputedBest;
    } else if (rule === null) {
      index = t.scan(node.metric, this.increment, null);
    } else {
      index = t.scan(node.metric, this.increment, rule);
      reason = 'affinity';
      if (index < 0) {
        index = t.scan(node.metric, this.increment, null);
        reason = 'affinity-fallback';
      }
    }
    if (index < 0) return { target: null, reason: 'no-eligible-target', policy: node.name };
    t.estimates[index].assigned++;
    this.assignments++;
    return { target: t.targets[index], reason, policy: node.name };
  }

  /** What decide() would do now and why, per candidate; changes nothing (POST /simulate). */
  explain(service: Service, clientIp: number, nowMs: number = this.clock.now()): Explanation {
    const t = this.tableFor(service.id, nowMs);
    const node = this.resolve(service, clientIp, nowMs);
    return explainDecision(service, t, node, this.resolvedRule, this.increment, this.rtts);
  }

  /** The precomputed table: best target per service at the last update (null: none eligible or per-connection policy). */
  table(): Array<{ serviceId: string; subnet: string; policy: string | null; best: string | null }> {
    return [...this.tables.values()].map((t) => ({
      serviceId: t.service.id,
      subnet: t.service.subnet,
      policy: t.precomputedFor?.name ?? null,
      best: t.precomputedBest >= 0 ? t.targets[t.precomputedBest].id : null,
    }));
  }

  /**
   * M_k = G(s_k1..s_kJ, r_1..r_J) per virtual subnet over its eligible targets with a
   * report, for advertising to the level above. Costs enter as load + costFactor x cost,
   * or, for min-metric, through the metric F of each service's policy in force now
   * (the subnet's figure is then the lowest metric over its services' targets).
   */
  subnetLoads(kind: AggregateKind, costFactor = 0, nowMs: number = this.clock.now()): Map<string, number> {
    const inputs = new Map<string, Map<string, AggregateInput>>();
    for (const t of this.tables.values()) {
      let m = inputs.get(t.service.subnet);
      if (m === undefined) inputs.set(t.service.subnet, (m = new Map()));
      const metricNode = kind === 'min-metric' ? resolveTime(t.service.policy, nowMs) : null;
      for (let i = 0; i < t.n; i++) {
        const e = t.estimates[i];
        if (t.eligible[i] !== 1 || e.reportedAt < 0) continue;
        let load = e.reported + costFactor * t.cost[i];
        // Affinity resolves per client; for the subnet as a whole its base metric stands.
        let node = metricNode;
        while (node !== null && node.kind === 'affinity') node = resolveTime(node.base, nowMs);
        if (node !== null && node.kind === 'metric') load = node.metric(e.reported, t.cost[i], t.weight[i]);
        if (!Number.isFinite(load)) continue;
        const key = `${t.service.id}\u0000${e.targetId}`;
        m.set(kind === 'min-metric' ? key : e.targetId, { load, cost: t.cost[i], weight: t.weight[i] });
      }
    }
    const out = new Map<string, number>();
    for (const [subnet, m] of inputs) {
      const v = aggregate(kind, [...m.values()]);
      if (v !== undefined) out.set(subnet, v);
    }
    return out;
  }
}
