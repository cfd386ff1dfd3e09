// Compiled policies: a small tree the decision engine walks per decision. Time-of-day
// and affinity nodes only choose which metric applies (and which targets are preferred);
// the metric node does the per-target arithmetic.

import type { MetricPolicySpec } from '../types';
import type { MetricFn } from './metric';
import { windowMatches, type TimeWindow } from './time-window';

export interface MetricNode {
  kind: 'metric';
  name: string;
  type: MetricPolicySpec['type'];
  metric: MetricFn;
}

export interface AffinityRule {
  /** Client prefix as (base, mask) uint32 pair, for a mask-and-compare per rule. */
  base: number;
  mask: number;
  length: number;
  clientPrefix: string;
  targets: ReadonlySet<string>;
}

export interface AffinityNode {
  kind: 'affinity';
  name: string;
  /** Longest prefix first, so the first match is the most specific. */
  rules: AffinityRule[];
  base: PolicyNode;
}

export interface TimeOfDayNode {
  kind: 'time-of-day';
  name: string;
  tzOffsetMinutes: number;
  windows: TimeWindow[];
  /** children[i] applies in windows[i]. */
  children: PolicyNode[];
  fallback: PolicyNode;
}

export type PolicyNode = MetricNode | AffinityNode | TimeOfDayNode;

/** The child of a time-of-day node in force at nowMs. */
export function activeChild(node: TimeOfDayNode, nowMs: number): PolicyNode {
  for (let i = 0; i < node.windows.length; i++) {
    if (windowMatches(node.windows[i], nowMs, node.tzOffsetMinutes)) return node.children[i];
  }
  return node.fallback;
}

/** The most specific affinity rule for a client, or null. */
export function matchRule(node: AffinityNode, clientIp: number): AffinityRule | null {
  for (let i = 0; i < node.rules.length; i++) {
    const r = node.rules[i];
    if (((clientIp & r.mask) >>> 0) === r.base) return r;
  }
  return null;
}

/** True when the choice can depend on the client (so it cannot be precomputed per subnet). */
export function needsConnection(node: PolicyNode): boolean {
  switch (node.kind) {
    case 'metric':
      return false;
    case 'affinity':
      return true;
    case 'time-of-day':
      return node.children.some(needsConnection) || needsConnection(node.fallback);
  }
}
