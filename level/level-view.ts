// What operators see of a level: its targets with their loads, costs, labels and pins
// (GET /v1/levels), and one step of a connection's explanation across levels (POST
// /v1/simulate: the network level's step, then its AS's, its site's). Plain data, so a
// lower level's steps can travel up as JSON and the API can return them as they came.
import type { FiveTuple } from '../controller';
import type { CandidateExplanation, DecisionReason } from './decision/decision-types';
import type { LevelKind } from './config-schema';
import type { AggregateKind } from './policies/aggregate';
import type { SlrLevel } from './slr-level';
import type { AdminState, TargetKind } from './types';

export interface TargetView {
  id: string;
  kind: TargetKind;
  adminState: AdminState;
  weight: number;
  /** Configured routing cost r_j. */
  cost: number;
  /** Round trip measured by the active probe, ms (null: none yet, or a server). */
  measuredRttMs: number | null;
  /** The label the target is reached by (null: none, delivered by MAC). */
  label: number | null;
  /** Reported (or aggregated, for a lower level) load per virtual subnet. */
  loads: Record<string, number>;
  /** Connections pinned to it at this level. */
  pins: number;
}

export interface LevelView {
  id: string;
  kind: LevelKind;
  /** What it chooses among: "servers", "host sites", "autonomous systems". */
  chooses: string;
  /** What its targets are. */
  targetKind: TargetKind;
  /** The label this level is reached by from above (null: none). */
  ownLabel: number | null;
  services: number;
  /** G, the aggregation of its loads it advertises. */
  aggregation: AggregateKind;
  /** M_k per virtual subnet, as advertised to the level above. */
  advertised: Record<string, number>;
  targets: TargetView[];
}

export function levelView(level: SlrLevel): LevelView {
  const loads = level.store.loads;
  const targets = level.catalog.targets().map((t): TargetView => {
    const bySubnet: Record<string, number> = {};
    for (const subnet of loads.subnets()) {
      const row = loads.get(subnet, t.id);
      if (row !== undefined) bySubnet[subnet] = row.load;
    }
    return {
      id: t.id,
      kind: t.kind,
      adminState: t.adminState,
      weight: t.weight,
      cost: t.cost,
      measuredRttMs: level.engine.measuredRtt(t.id) ?? null,
      label: level.targetLabel(t.id) ?? null,
      loads: bySubnet,
      pins: level.pins.countForTarget(t.id),
    };
  });
  return {
    id: level.id,
    kind: level.kind,
    chooses: level.info.chooses,
    targetKind: level.info.targetKind,
    ownLabel: level.ownLabel ?? null,
    services: level.catalog.services().length,
    aggregation: level.config.aggregate,
    advertised: Object.fromEntries(level.subnetLoads()),
    targets,
  };
}

/** One level's part of a connection's explanation. */
export interface LevelStep {
  level: string;
  kind: LevelKind | null;
  serviceId: string | null;
  /** Set when the connection is already pinned here: it keeps that target. */
  pinnedTarget: string | null;
  /** What the connection gets here: the pinned target, else what a decision would choose now. */
  chosen: string | null;
  reason: DecisionReason | 'pinned' | 'not-a-vip' | 'unreachable';
  policy: string | null;
  /** The label the chosen target is reached by (null: none). */
  label: number | null;
  /** The service is in panic here (its unhealthy targets take connections); absent when not asked. */
  panic?: boolean;
  candidates: CandidateExplanation[];
  /** Why the level could not be asked (reason "unreachable"). */
  error?: string;
}

/** This level's step for a connection; changes nothing (no assignment, no pin). */
export function explainStep(level: SlrLevel, t: FiveTuple): LevelStep {
  const base = { level: level.id, kind: level.kind };
  const service = level.catalog.lookup(t.dstIp, t.proto, t.dstPort);
  if (service === undefined) {
    return { ...base, serviceId: null, pinnedTarget: null, chosen: null, reason: 'not-a-vip', policy: null, label: null, candidates: [] };
  }
  const pinned = level.pins.lookup(t.proto, t.srcIp, t.srcPort, t.dstIp, t.dstPort) ?? null;
  const e = level.engine.explain(service, t.srcIp);
  const chosen = pinned ?? e.chosen;
  return {
    ...base,
    serviceId: service.id,
    pinnedTarget: pinned,
    chosen,
    reason: pinned !== null ? 'pinned' : e.reason,
    policy: e.policy,
    label: chosen === null ? null : level.targetLabel(chosen) ?? null,
    panic: e.panic,
    candidates: e.candidates,
  };
}

/** The step for a level below that could not be asked. */
export function unreachableStep(levelId: string, error: string): LevelStep {
  return { level: levelId, kind: null, serviceId: null, pinnedTarget: null, chosen: null, reason: 'unreachable', policy: null, label: null, candidates: [], error };
}
