// Checks that need the rest of the state (a service naming an unknown target, two VIPs
// claiming the same packets, a policy naming an unknown policy), each naming the field
// at fault. The catalog's own whole-state check runs after these as the final guard.
import { parsePrefix, prefixesOverlap, formatPrefix } from '../../controller/net';
import { describePorts, portsIntersect } from '../../level/catalog/service';
import type { Problem } from '../errors';
import type { ApiPolicy, ServiceSpec } from '../services';
import type { StateDocument } from './document';

const body = (field: string, reason: string): Problem => ({ field, in: 'body', reason });

export function checkService(doc: StateDocument, s: ServiceSpec): Problem[] {
  const problems: Problem[] = [];
  const prefix = parsePrefix(s.prefix);
  if (typeof prefix === 'string') problems.push(body('/prefix', prefix));
  s.targets.forEach((t, i) => {
    if (!doc.targets.has(t)) problems.push(body(`/targets/${i}`, `unknown target "${t}"`));
  });
  if (!doc.policies.has(s.policy)) problems.push(body('/policy', `unknown policy "${s.policy}"`));
  if (typeof prefix !== 'string') {
    for (const other of doc.services.values()) {
      const o = other.value;
      if (o.id === s.id) continue;
      const op = parsePrefix(o.prefix);
      if (typeof op === 'string') continue;
      if (prefixesOverlap(prefix, op) && portsIntersect(s, o)) {
        problems.push(
          body('/prefix', `${formatPrefix(prefix)} ${s.protocol} ${describePorts(s.ports)} overlaps service "${o.id}" (${formatPrefix(op)} ${o.protocol} ${describePorts(o.ports)})`),
        );
      }
    }
  }
  return problems;
}

export function checkPolicy(doc: StateDocument, name: string, p: ApiPolicy): Problem[] {
  const problems: Problem[] = [];
  const policyRef = (field: string, ref: string): void => {
    if (ref === name) problems.push(body(field, `policy "${name}" cannot select itself`));
    else if (!doc.policies.has(ref)) problems.push(body(field, `unknown policy "${ref}"`));
  };
  if (p.type === 'affinity') {
    p.rules.forEach((rule, i) => {
      const prefix = parsePrefix(rule.clientPrefix);
      if (typeof prefix === 'string') problems.push(body(`/rules/${i}/clientPrefix`, prefix));
      rule.targets.forEach((t, j) => {
        if (!doc.targets.has(t)) problems.push(body(`/rules/${i}/targets/${j}`, `unknown target "${t}"`));
      });
    });
    policyRef('/base', p.base);
  } else if (p.type === 'time-of-day') {
    p.windows.forEach((w, i) => policyRef(`/windows/${i}/policy`, w.policy));
    policyRef('/default', p.default);
  }
  return problems;
}

/** Who refers to a target: deleting it would leave them dangling. */
export function targetReferrers(doc: StateDocument, id: string): string[] {
  const out: string[] = [];
  for (const s of doc.services.values()) if (s.value.targets.includes(id)) out.push(`service "${s.value.id}"`);
  for (const [name, p] of doc.policies) {
    if (p.value.type === 'affinity' && p.value.rules.some((r) => r.targets.includes(id))) out.push(`policy "${name}"`);
  }
  return out;
}

export function policyReferrers(doc: StateDocument, name: string): string[] {
  const out: string[] = [];
  for (const s of doc.services.values()) if (s.value.policy === name) out.push(`service "${s.value.id}"`);
  for (const [other, p] of doc.policies) {
    const v = p.value;
    const refs = v.type === 'affinity' ? [v.base] : v.type === 'time-of-day' ? [v.default, ...v.windows.map((w) => w.policy)] : [];
    if (other !== name && refs.includes(name)) out.push(`policy "${other}"`);
  }
  return out;
}
