// Metric functions F(s, r): the per-target figure of merit, lowest wins. They take plain
// numbers (estimated load, cost, weight) so the decision scan stays allocation-free.

import type { MetricPolicySpec } from '../types';

export type MetricFn = (load: number, cost: number, weight: number) => number;

const leastLoad: MetricFn = (load) => load;
// weight 0 gives Infinity: such a target never wins under the weighted policy.
const weighted: MetricFn = (load, _cost, weight) => (weight > 0 ? load / weight : Infinity);
const byCost: MetricFn = (_load, cost) => cost;

export function metricFor(spec: MetricPolicySpec): MetricFn {
  switch (spec.type) {
    case 'least-load':
      return leastLoad;
    case 'weighted':
      return weighted;
    case 'cost':
      return byCost;
    case 'weighted-sum': {
      const a = spec.loadFactor;
      const b = spec.costFactor;
      return (load, cost) => a * load + b * cost;
    }
  }
}
