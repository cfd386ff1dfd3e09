// Shapes the decision engine takes and returns.

import type { Clock } from '../../controller';
import type { TargetSpec } from '../types';

export type DecisionReason =
  /** Connection-independent policy: lowest metric over the subnet's targets. */
  | 'lowest-metric'
  /** Chosen among the client prefix's preferred targets. */
  | 'affinity'
  /** The client had preferred targets but none was eligible; the base policy chose. */
  | 'affinity-fallback'
  /** No target may take the connection (all draining/disabled/unreported). */
  | 'no-eligible-target';

export interface Decision {
  target: TargetSpec | null;
  reason: DecisionReason;
  /** Name of the metric policy that decided (after time-of-day selection). */
  policy: string;
}

export interface Scheduler {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const systemScheduler: Scheduler = {
  setInterval: (fn, ms) => {
    const h = setInterval(fn, ms);
    // The table timer alone must not keep a process alive.
    h.unref();
    return h;
  },
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
};

export interface DecisionEngineOptions {
  /** Table update period (patent Fig. 9), ms. */
  tableUpdateIntervalMs: number;
  /** Estimated load added per assignment between reports, in load-index units (> 0). */
  assignmentLoadIncrement: number;
  requireLoadReport?: boolean;
  maxReportAgeMs?: number;
  /** See EligibilityRules.panicThreshold (0..1; default 0: panic only when no target is healthy). */
  panicThreshold?: number;
  /** Warm-up after start or promotion during which stale reports eject nobody, ms (default 0). */
  warmUpMs?: number;
  /** Cost units per millisecond of measured round trip added to a target's configured cost. */
  rttCostFactor?: number;
  /** Wall clock (ms since the epoch): time-of-day windows and report ages need real time. */
  clock?: Clock;
  scheduler?: Scheduler;
}

export interface CandidateExplanation {
  targetId: string;
  adminState: TargetSpec['adminState'];
  eligible: boolean;
  /** Passes its health check for the subnet (an unhealthy target is eligible only in panic). */
  healthy: boolean;
  /** Whether the client's affinity rule prefers it (null when no rule applies). */
  preferred: boolean | null;
  reportedLoad: number | null;
  reportedAt: number | null;
  assignedSinceReport: number;
  estimatedLoad: number;
  /** Routing cost in force: configured plus the measured round trip's share. */
  cost: number;
  configuredCost: number;
  /** Round trip to the target measured by the active probe, ms (null: none yet). */
  measuredRttMs: number | null;
  weight: number;
  metric: number;
}

export interface Explanation {
  serviceId: string;
  subnet: string;
  policy: string;
  affinityRule: string | null;
  chosen: string | null;
  reason: DecisionReason;
  /** Every usable target is unhealthy (or fewer than the panic threshold are healthy): all take connections. */
  panic: boolean;
  candidates: CandidateExplanation[];
}
