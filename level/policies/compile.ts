// Turns the operator's named policy table into PolicyNode trees, checking every
// reference on the way: unknown sub-policies, unknown targets, bad prefixes or times,
// and cycles (a time-of-day policy selecting itself would loop per decision).

import { maskOf, parsePrefix } from '../../controller';
import type { PolicySpec } from '../types';
import { metricFor } from './metric';
import type { AffinityRule, PolicyNode } from './policy-node';
import { compileWindow, type TimeWindow } from './time-window';

export interface CompiledPolicies {
  nodes: Map<string, PolicyNode>;
  errors: string[];
}

export function compilePolicies(
  specs: Record<string, PolicySpec>,
  targetIds: ReadonlySet<string>,
): CompiledPolicies {
  const nodes = new Map<string, PolicyNode>();
  const errors: string[] = [];
  const inProgress = new Set<string>();

  const build = (name: string, from: string | null): PolicyNode | undefined => {
    const done = nodes.get(name);
    if (done !== undefined) return done;
    const spec = Object.prototype.hasOwnProperty.call(specs, name) ? specs[name] : undefined;
    if (spec === undefined) {
      errors.push(from === null ? `policy "${name}" is not defined` : `policy "${from}" refers to unknown policy "${name}"`);
      return undefined;
    }
    if (inProgress.has(name)) {
      errors.push(`policy "${name}" refers to itself through ${[...inProgress].join(' -> ')}`);
      return undefined;
    }
    inProgress.add(name);
    const node = buildNode(name, spec);
    inProgress.delete(name);
    if (node !== undefined) nodes.set(name, node);
    return node;
  };

  const buildNode = (name: string, spec: PolicySpec): PolicyNode | undefined => {
    switch (spec.type) {
      case 'least-load':
      case 'weighted':
      case 'cost':
        return { kind: 'metric', name, type: spec.type, metric: metricFor(spec) };
      case 'weighted-sum':
        if (!Number.isFinite(spec.loadFactor) || !Number.isFinite(spec.costFactor)) {
          errors.push(`policy "${name}": loadFactor and costFactor must be finite numbers`);
          return undefined;
        }
        return { kind: 'metric', name, type: spec.type, metric: metricFor(spec) };
      case 'affinity': {
        const rules: AffinityRule[] = [];
        for (const rule of spec.rules) {
          const p = parsePrefix(rule.clientPrefix);
          if (typeof p === 'string') {
            errors.push(`policy "${name}": ${p}`);
            continue;
          }
          for (const t of rule.targets) {
            if (!targetIds.has(t)) errors.push(`policy "${name}" names unknown target "${t}" (rule ${rule.clientPrefix})`);
          }
          rules.push({ base: p.base, mask: maskOf(p.length), length: p.length, clientPrefix: rule.clientPrefix, targets: new Set(rule.targets) });
        }
        rules.sort((a, b) => b.length - a.length);
        const base = build(spec.base, name);
        return base === undefined ? undefined : { kind: 'affinity', name, rules, base };
      }
      case 'time-of-day': {
        if (!Number.isInteger(spec.tzOffsetMinutes) || Math.abs(spec.tzOffsetMinutes) > 14 * 60) {
          errors.push(`policy "${name}": tzOffsetMinutes must be an integer within +-840`);
        }
        const windows: TimeWindow[] = [];
        const children: PolicyNode[] = [];
        let ok = true;
        spec.windows.forEach((w, i) => {
          const compiled = compileWindow(w);
          if (typeof compiled === 'string') {
            errors.push(`policy "${name}" window ${i}: ${compiled}`);
            ok = false;
          } else windows.push(compiled);
          const child = build(w.policy, name);
          if (child === undefined) ok = false;
          else children.push(child);
        });
        const fallback = build(spec.default, name);
        if (!ok || fallback === undefined) return undefined;
        return { kind: 'time-of-day', name, tzOffsetMinutes: spec.tzOffsetMinutes, windows, children, fallback };
      }
      default: {
        const unknown: { type?: unknown } = spec;
        errors.push(`policy "${name}" has unknown type ${JSON.stringify(unknown.type)}`);
        return undefined;
      }
    }
  };

  for (const name of Object.keys(specs)) build(name, null);
  return { nodes, errors };
}
