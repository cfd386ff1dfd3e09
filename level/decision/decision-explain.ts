// explain(): the same scan as decide(), spelled out per candidate for operators
// (POST /simulate). It reads the tables and changes nothing.

import type { ServiceTable } from './decision-table';
import type { CandidateExplanation, DecisionReason, Explanation } from './decision-types';
import type { AffinityRule, MetricNode } from '../policies/policy-node';
import type { Service } from '../catalog/service';

export function explainDecision(
  service: Service,
  table: ServiceTable | undefined,
  node: MetricNode,
  rule: AffinityRule | null,
  increment: number,
  rtts: ReadonlyMap<string, number> = new Map(),
): Explanation {
  const candidates: CandidateExplanation[] = [];
  let chosen: string | null = null;
  let reason: DecisionReason = 'no-eligible-target';
  if (table !== undefined) {
    for (let i = 0; i < table.n; i++) {
      const e = table.estimates[i];
      const estimatedLoad = e.estimate(increment);
      candidates.push({
        targetId: table.targets[i].id,
        adminState: table.targets[i].adminState,
        eligible: table.eligible[i] === 1,
        healthy: table.healthy[i] === 1,
        preferred: rule === null ? null : rule.targets.has(table.targets[i].id),
        reportedLoad: e.reportedAt >= 0 ? e.reported : null,
        reportedAt: e.reportedAt >= 0 ? e.reportedAt : null,
        assignedSinceReport: e.assigned,
        estimatedLoad,
        cost: table.cost[i],
        configuredCost: table.targets[i].cost,
        measuredRttMs: rtts.get(table.targets[i].id) ?? null,
        weight: table.weight[i],
        metric: node.metric(estimatedLoad, table.cost[i], table.weight[i]),
      });
    }
    let index = table.scan(node.metric, increment, rule);
    if (index >= 0) reason = rule === null ? 'lowest-metric' : 'affinity';
    else if (rule !== null) {
      index = table.scan(node.metric, increment, null);
      if (index >= 0) reason = 'affinity-fallback';
    }
    if (index >= 0) chosen = table.targets[index].id;
  }
  return {
    serviceId: service.id,
    subnet: service.subnet,
    policy: node.name,
    affinityRule: rule?.clientPrefix ?? null,
    chosen,
    reason,
    panic: table?.panic ?? false,
    candidates,
  };
}
