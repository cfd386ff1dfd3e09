// Aggregation G for the level above: one load figure M_k per virtual subnet from the
// loads s_kj (and costs r_j) of the targets serving it. Pure; the caller picks which
// targets count (usually the eligible ones with a load report) and, for min-metric,
// passes each target's metric F as its load.

export type AggregateKind = 'min' | 'mean' | 'weighted-mean' | 'max' | 'min-metric';

export interface AggregateInput {
  load: number;
  cost: number;
  weight: number;
}

/** M_k, or undefined when no target serves the subnet (nothing to advertise). */
export function aggregate(kind: AggregateKind, inputs: readonly AggregateInput[]): number | undefined {
  if (inputs.length === 0) return undefined;
  switch (kind) {
    case 'min':
    case 'min-metric':
      return inputs.reduce((m, x) => Math.min(m, x.load), Infinity);
    case 'max':
      return inputs.reduce((m, x) => Math.max(m, x.load), -Infinity);
    case 'mean':
      return inputs.reduce((s, x) => s + x.load, 0) / inputs.length;
    case 'weighted-mean': {
      // Weighted by capacity share: a big server's load counts for more of the subnet.
      const total = inputs.reduce((s, x) => s + x.weight, 0);
      if (total <= 0) return inputs.reduce((s, x) => s + x.load, 0) / inputs.length;
      return inputs.reduce((s, x) => s + x.load * x.weight, 0) / total;
    }
  }
}
